module firelog-baseline

go 1.19
