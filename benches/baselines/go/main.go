// Baseline: the Go approach of the published comparison, standard library only:
// regexp per line, encoding/json per object and for the envelope, encoding/base64.
// Same schema and record contract as firelog, so the outputs can be compared.
//
//	baseline [--repeat N] EVENT.json
//
// Prints the response of the last run on stdout and {"runs_ms": [...]} on stderr.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

var line = regexp.MustCompile(`^([^ ]+) ([^ ]+) ([^ ]+) \[([^\]]*)\] "((?:[^"\\]|\\.)*)" ([0-9]{3}) ([0-9]+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?$`)

var unescaper = strings.NewReplacer(`\"`, `"`, `\\`, `\`)

type entry struct {
	Host      string  `json:"host"`
	Ident     *string `json:"ident"`
	User      *string `json:"user"`
	Timestamp string  `json:"timestamp"`
	Method    *string `json:"method"`
	Path      *string `json:"path"`
	Protocol  *string `json:"protocol"`
	Request   string  `json:"request"`
	Status    int     `json:"status"`
	Bytes     uint64  `json:"bytes"`
	Referer   *string `json:"referer"`
	UserAgent *string `json:"user_agent"`
}

type inRecord struct {
	RecordID string `json:"recordId"`
	Data     string `json:"data"`
}

type outRecord struct {
	RecordID string `json:"recordId"`
	Result   string `json:"result"`
	Data     string `json:"data"`
}

// text writes bytes that are not UTF-8 as \xhh, as firelog does.
func text(b []byte, unescape bool) string {
	var s string
	if utf8.Valid(b) {
		s = string(b)
	} else {
		var sb strings.Builder
		for len(b) > 0 {
			r, n := utf8.DecodeRune(b)
			if r == utf8.RuneError && n <= 1 {
				fmt.Fprintf(&sb, `\x%02x`, b[0])
				b = b[1:]
				continue
			}
			sb.Write(b[:n])
			b = b[n:]
		}
		s = sb.String()
	}
	if unescape {
		return unescaper.Replace(s)
	}
	return s
}

func ptr(s string) *string { return &s }

func absent(b []byte, unescape bool) *string {
	if b == nil || string(b) == "-" {
		return nil
	}
	return ptr(text(b, unescape))
}

func userField(b []byte) *string {
	switch string(b) {
	case "-":
		return nil
	case `""`:
		return ptr("")
	}
	return ptr(text(b, false))
}

func parse(l []byte) (*entry, bool) {
	m := line.FindSubmatch(l)
	if m == nil {
		return nil, false
	}
	t, err := time.Parse("02/Jan/2006:15:04:05 -0700", string(m[4]))
	if err != nil {
		return nil, false
	}
	var size uint64
	if string(m[7]) != "-" {
		size, err = strconv.ParseUint(string(m[7]), 10, 64)
		if err != nil {
			return nil, false
		}
	}
	status, _ := strconv.Atoi(string(m[6]))
	e := &entry{
		Host:      text(m[1], false),
		Ident:     userField(m[2]),
		User:      userField(m[3]),
		Timestamp: t.UTC().Format("2006-01-02T15:04:05Z"),
		Request:   text(m[5], true),
		Status:    status,
		Bytes:     size,
		Referer:   absent(m[8], true),
		UserAgent: absent(m[9], true),
	}
	parts := bytes.Split(m[5], []byte(" "))
	switch len(parts) {
	case 3:
		e.Method, e.Path, e.Protocol = ptr(text(parts[0], true)), ptr(text(parts[1], true)), ptr(text(parts[2], true))
	case 2:
		e.Method, e.Path = ptr(text(parts[0], true)), ptr(text(parts[1], true))
	}
	return e, true
}

func transform(data string) (string, string) {
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return "ProcessingFailed", data
	}
	var out bytes.Buffer
	n := 0
	for _, l := range bytes.Split(raw, []byte("\n")) {
		l = bytes.TrimSuffix(l, []byte("\r"))
		if len(bytes.Trim(l, " \t")) == 0 {
			continue
		}
		e, ok := parse(l)
		if !ok {
			return "ProcessingFailed", data
		}
		j, _ := json.Marshal(e)
		out.Write(j)
		out.WriteByte('\n')
		n++
	}
	if n == 0 {
		return "Dropped", data
	}
	return "Ok", base64.StdEncoding.EncodeToString(out.Bytes())
}

func handle(raw []byte) ([]byte, error) {
	var event struct {
		Records []inRecord `json:"records"`
	}
	if err := json.Unmarshal(raw, &event); err != nil {
		return nil, err
	}
	resp := struct {
		Records []outRecord `json:"records"`
	}{Records: make([]outRecord, 0, len(event.Records))}
	for _, r := range event.Records {
		result, data := transform(r.Data)
		resp.Records = append(resp.Records, outRecord{r.RecordID, result, data})
	}
	return json.Marshal(resp)
}

func main() {
	args := os.Args[1:]
	repeat := 1
	if len(args) >= 2 && args[0] == "--repeat" {
		repeat, _ = strconv.Atoi(args[1])
		args = args[2:]
	}
	raw, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var out []byte
	runs := make([]float64, 0, repeat)
	for i := 0; i < repeat; i++ {
		start := time.Now()
		out, err = handle(raw)
		runs = append(runs, float64(time.Since(start).Nanoseconds())/1e6)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	os.Stdout.Write(out)
	os.Stdout.Write([]byte("\n"))
	j, _ := json.Marshal(map[string][]float64{"runs_ms": runs})
	fmt.Fprintln(os.Stderr, string(j))
}
