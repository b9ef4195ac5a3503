//! Tables over what firelog writes: the columns of a format ([`crate::output::columns`],
//! the writer's own list) as a Glue column list, an Athena `CREATE EXTERNAL TABLE` over
//! the JSON Lines (or the Parquet Firehose converts them to), or an Athena Iceberg
//! `CREATE TABLE`.
//!
//! Types: a JSON string is `string`, a status `int`, any other integer `bigint`, a number
//! with a fraction `double`. The time is `timestamp` where Firehose or Iceberg converts it
//! (Parquet through the OpenX JSON SerDe, which reads `yyyy-MM-dd'T'HH:mm:ss[.S]'Z'`; an
//! Iceberg table, for which Firehose's "Understand supported data types" page gives
//! `"2024-09-04T18:56:15.099Z"` beside epoch microseconds), and `string` in a table over the JSON
//! text itself: Athena reads a JSON table's `timestamp` only as `yyyy-MM-dd HH:mm:ss`, so
//! queries use `from_iso8601_timestamp("timestamp")`.

use std::fmt::Write as _;

use crate::output::{Column, ColumnType, When};
use crate::profile::Schema;

/// What the table reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// The JSON Lines as firelog writes them (gzip), through the OpenX JSON SerDe.
    Json,
    /// Parquet, as Firehose's record format conversion writes it.
    Parquet,
    /// An Apache Iceberg table, as Firehose's Iceberg destination writes it.
    Iceberg,
}

impl Storage {
    /// The Glue (Hive) type of a column of `ty`.
    pub fn type_name(self, ty: ColumnType) -> &'static str {
        match ty {
            ColumnType::String => "string",
            ColumnType::Int => "int",
            ColumnType::BigInt => "bigint",
            ColumnType::Double => "double",
            ColumnType::Timestamp if self == Storage::Json => "string",
            ColumnType::Timestamp => "timestamp",
            ColumnType::Strings => "array<string>",
            ColumnType::Boolean => "boolean",
        }
    }

    /// The columns a table of this storage has. An Iceberg table has no column for the
    /// keys of lines kept unparsed: every row has the format's columns.
    pub fn columns(self, columns: &[Column]) -> Vec<Column> {
        let keep = |c: &&Column| self != Storage::Iceberg || c.when != When::Unparsed;
        columns.iter().filter(keep).cloned().collect()
    }
}

/// How the S3 objects are partitioned: Hive-style `key=value` prefixes, as the template's
/// `Prefix` writes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The table's name.
    pub table: String,
    /// Where the data is: `s3://bucket/logs/` (JSON, Parquet) or the Iceberg table's
    /// location.
    pub location: String,
    /// Whether the prefix starts with `vhost=...` (`PARTITION_KEYS` with `vhost`).
    pub by_vhost: bool,
}

/// The Glue column list: `[{"Name": ..., "Type": ...}, ...]`, one column a line. With a
/// profile the names are the table's ([`table_columns`]).
pub fn glue(columns: &[Column], storage: Storage, schema: Schema) -> String {
    let mut out = String::from("[\n");
    let columns = table_columns(&storage.columns(columns), storage, schema, false);
    for (i, c) in columns.iter().enumerate() {
        let comma = if i + 1 < columns.len() { "," } else { "" };
        let _ = writeln!(out, "  {{\"Name\": \"{}\", \"Type\": \"{}\"}}{comma}", c.name, c.ty);
    }
    out.push_str("]\n");
    out
}

/// A table's column: its name, its type as Glue and Athena write it, and the JSON key it
/// reads when that is not its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableColumn {
    /// The column's name: lower-case letters, digits and `_`.
    pub name: String,
    /// `string`, `bigint`, `struct<...>`, ...
    pub ty: String,
    /// The JSON key, where it differs from the name (the SerDe's `mapping.<name>`).
    pub key: Option<String>,
}

/// The columns of a table over `columns` as the profile writes them: the firelog keys
/// as they are; OTel's dotted keys each a column named with `_` for what a column name
/// cannot hold (`http.request.method` is `http_request_method`); ECS's nested objects
/// each a `struct` column. A name that is not its key (`@timestamp`, the dotted keys)
/// reads its key through the JSON SerDe's mapping. `ddl`: the types as Athena's DDL
/// writes them, struct fields in backticks (Glue's column list has none).
pub fn table_columns(columns: &[Column], storage: Storage, schema: Schema, ddl: bool) -> Vec<TableColumn> {
    let column_name = |key: &str| -> String {
        key.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
    };
    let named = |key: &str, ty: String| {
        let name = column_name(key.trim_start_matches('@'));
        TableColumn { key: (name != key).then(|| key.to_string()), name, ty }
    };
    if schema != Schema::Ecs {
        let mut out: Vec<TableColumn> = Vec::new();
        for c in columns {
            let mut column = named(&c.name, storage.type_name(c.ty).to_string());
            // Two keys that make one name (`x-a` and `x_a`): the later is `_2`, its mapping
            // still naming its key.
            if out.iter().any(|o| o.name == column.name) {
                let taken = |n: &str| out.iter().any(|o| o.name == n);
                column.name =
                    (2..).map(|n| format!("{}_{n}", column.name)).find(|n| !taken(n)).unwrap_or_default();
                column.key = Some(c.name.clone());
            }
            out.push(column);
        }
        return out;
    }
    // ECS: the columns' names are paths; each first part is a column, a struct when it
    // has parts under it.
    let parts: Vec<(Vec<&str>, &str)> =
        columns.iter().map(|c| (c.name.split('.').collect(), storage.type_name(c.ty))).collect();
    nested(&parts, ddl).into_iter().map(|(key, ty)| named(key, ty)).collect()
}

/// The top level of `leaves` (paths and types): each first part once, in order, with
/// its type: a leaf's own, or `struct<...>` of the leaves under it.
fn nested<'a>(leaves: &[(Vec<&'a str>, &str)], ddl: bool) -> Vec<(&'a str, String)> {
    let mut out: Vec<(&str, String)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (path, ty) in leaves {
        let first = path[0];
        if seen.contains(&first) {
            continue;
        }
        seen.push(first);
        if path.len() == 1 {
            out.push((first, ty.to_string()));
            continue;
        }
        let under: Vec<(Vec<&str>, &str)> = leaves
            .iter()
            .filter(|(p, _)| p[0] == first && p.len() > 1)
            .map(|(p, t)| (p[1..].to_vec(), *t))
            .collect();
        // In DDL backticked: a field may be a reserved word (`from`, `range`, `date`).
        let fields: Vec<String> = nested(&under, ddl)
            .into_iter()
            .map(|(name, ty)| if ddl { format!("`{name}`:{ty}") } else { format!("{name}:{ty}") })
            .collect();
        out.push((first, format!("struct<{}>", fields.join(","))));
    }
    out
}

/// Athena's `CREATE EXTERNAL TABLE` over the objects Firehose writes under `logs/`,
/// partitioned as the template's `Prefix` writes them (by hour, and first by vhost when
/// `layout.by_vhost`), with partition projection so no crawler is needed.
pub fn athena(columns: &[Column], storage: Storage, schema: Schema, layout: &Layout) -> String {
    let location = layout.location.trim_end_matches('/');
    let mut out = format!("CREATE EXTERNAL TABLE IF NOT EXISTS `{}` (\n", layout.table);
    let columns: Vec<TableColumn> = table_columns(&storage.columns(columns), storage, schema, true)
        .into_iter()
        .filter(|c| !(layout.by_vhost && c.name == "vhost"))
        .collect();
    column_list(&mut out, &columns);
    let vhost = if layout.by_vhost { "`vhost` string, " } else { "" };
    let _ =
        writeln!(out, "PARTITIONED BY ({vhost}`year` string, `month` string, `day` string, `hour` string)");
    match storage {
        Storage::Parquet => out.push_str("STORED AS PARQUET\n"),
        _ => {
            out.push_str("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n");
            let mappings: Vec<String> = columns
                .iter()
                .filter_map(|c| Some(format!("  'mapping.{}'='{}'", c.name, c.key.as_ref()?)))
                .collect();
            if !mappings.is_empty() {
                let _ = writeln!(out, "WITH SERDEPROPERTIES (\n{}\n)", mappings.join(",\n"));
            }
        }
    }
    let _ = writeln!(out, "LOCATION '{location}/'");
    out.push_str("TBLPROPERTIES (\n  'projection.enabled'='true',\n");
    if layout.by_vhost {
        out.push_str("  'projection.vhost.type'='injected',\n");
    }
    out.push_str(
        "  'projection.year.type'='integer', 'projection.year.range'='2020,2099',\n  \
         'projection.month.type'='integer', 'projection.month.range'='1,12', 'projection.month.digits'='2',\n  \
         'projection.day.type'='integer', 'projection.day.range'='1,31', 'projection.day.digits'='2',\n  \
         'projection.hour.type'='integer', 'projection.hour.range'='0,23', 'projection.hour.digits'='2',\n",
    );
    let vhost = if layout.by_vhost { "vhost=${vhost}/" } else { "" };
    let _ = writeln!(
        out,
        "  'storage.location.template'='{location}/{vhost}year=${{year}}/month=${{month}}/day=${{day}}/hour=${{hour}}/'"
    );
    out.push_str(");\n");
    out
}

/// Athena's `CREATE TABLE` of an Iceberg table (Parquet, Snappy) that Firehose's Iceberg
/// destination can write firelog's rows into, partitioned by the day of the request when
/// the format has a time.
pub fn iceberg(columns: &[Column], layout: &Layout) -> String {
    let columns = Storage::Iceberg.columns(columns);
    let mut out = format!("CREATE TABLE IF NOT EXISTS `{}` (\n", layout.table);
    column_list(&mut out, &table_columns(&columns, Storage::Iceberg, Schema::Firelog, true));
    if let Some(time) = columns.iter().find(|c| c.ty == ColumnType::Timestamp) {
        let _ = writeln!(out, "PARTITIONED BY (day(`{}`))", time.name);
    }
    let _ = writeln!(out, "LOCATION '{}'", layout.location);
    out.push_str(
        "TBLPROPERTIES ('table_type'='ICEBERG', 'format'='parquet', 'write_compression'='snappy');\n",
    );
    out
}

fn column_list(out: &mut String, columns: &[TableColumn]) {
    for (i, c) in columns.iter().enumerate() {
        let comma = if i + 1 < columns.len() { "," } else { "" };
        let _ = writeln!(out, "  `{}` {}{comma}", c.name, c.ty);
    }
    out.push_str(")\n");
}
