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

use crate::Settings;
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
            ColumnType::Map => "map<string,string>",
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

/// The columns of what `settings` make firelog write, in a table of `storage`: the
/// profile's keys under `SCHEMA=ecs|otel`, else the format's and enrichment's, and the
/// keys of kept lines with `ON_BAD_LINE=keep` (not in an Iceberg table). An Iceberg
/// table needs the settings as the Lambda has them with `ICEBERG_TABLE` set: its rows
/// have every enrichment key (null while off), and the format's fields never take one.
/// `firelog schema` and the Lambda's answer to a schema request (the stack's tables)
/// both come from here.
pub fn columns(settings: &Settings, storage: Storage) -> Result<Vec<Column>, String> {
    if storage == Storage::Iceberg {
        if settings.schema != Schema::Firelog {
            return Err("an Iceberg table needs SCHEMA=firelog: its columns are firelog's keys".into());
        }
        if settings.rules.iceberg.is_none() {
            return Err("an Iceberg table's columns are those of the settings with ICEBERG_TABLE set".into());
        }
    }
    // The transformer's own: what the writer writes is what the table has.
    Ok(storage.columns(settings.transformer().columns()))
}

/// What the stack's tables ask the Lambda for: `{"firelogSchema": {"storage": "json" |
/// "parquet" | "iceberg", "table": name, "location": "s3://..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableRequest {
    /// The request.
    #[serde(rename = "firelogSchema")]
    pub table: TableSpec,
}

/// The table asked for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// `json`, `parquet` or `iceberg`.
    pub storage: String,
    /// The table's name.
    pub table: String,
    /// Where its data is: `s3://bucket/logs/`, or the Iceberg table's location.
    pub location: String,
}

impl TableRequest {
    /// The request in `payload`, if it is one (a Firehose event is not).
    pub fn parse(payload: &[u8]) -> Option<TableRequest> {
        let start = payload.iter().position(|b| !b.is_ascii_whitespace())?;
        if !payload[start..].starts_with(b"{\"firelogSchema\"") {
            return None;
        }
        serde_json::from_slice(payload).ok()
    }
}

/// The Glue table over what `settings` make firelog write, as Glue's `CreateTable` takes
/// it: `{"TableInput": {...}}`, and for an Iceberg table `"OpenTableFormatInput"` with its
/// Iceberg schema (partitioned by the day of the request's time when the format has one).
/// The stack's custom resource creates and updates its tables with it; `firelog schema`
/// prints the same columns. With Parquet, Firehose's OpenX deserializer reaches a JSON key
/// that is not its column's name only as the template sets it (dots as `_` for OTel,
/// `@timestamp` for ECS): another (an OTel header with a `-`) is an error naming it.
pub fn glue_table(settings: &Settings, spec: &TableSpec) -> Result<serde_json::Value, String> {
    use serde_json::json;
    let storage = match spec.storage.as_str() {
        "json" => Storage::Json,
        "parquet" => Storage::Parquet,
        "iceberg" => Storage::Iceberg,
        other => return Err(format!("storage {other:?}: json, parquet or iceberg")),
    };
    let named = !spec.table.is_empty() && spec.table.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !named || !spec.location.starts_with("s3://") {
        return Err(format!(
            "table {:?} at {:?}: a name of letters, digits and _, at s3://...",
            spec.table, spec.location
        ));
    }
    let columns = columns(settings, storage)?;
    let by_vhost = storage != Storage::Iceberg
        && settings.rules.partition_keys.contains(&crate::routing::PartitionKey::Vhost);
    let table: Vec<TableColumn> = table_columns(&columns, storage, settings.schema, false)
        .into_iter()
        .filter(|c| !(by_vhost && c.name == "vhost"))
        .collect();
    let list: Vec<serde_json::Value> = table.iter().map(|c| json!({"Name": c.name, "Type": c.ty})).collect();
    if storage == Storage::Iceberg {
        return Ok(iceberg_table(&columns, list, spec));
    }
    let serde = serde_mappings(&table, storage, settings.schema)?;
    Ok(s3_table(list, serde, storage, spec, by_vhost))
}

/// The description of the stack's tables.
const DESCRIPTION: &str = "Access-log lines as firelog writes them (firelog schema)";

/// An Iceberg table's `CreateTable` input: its Glue columns, and its Iceberg schema
/// (field ids from 1), partitioned by the day of its time when it has one.
fn iceberg_table(columns: &[Column], list: Vec<serde_json::Value>, spec: &TableSpec) -> serde_json::Value {
    use serde_json::json;
    let fields: Vec<serde_json::Value> = columns
        .iter()
        .zip(1..)
        .map(|(c, id)| json!({"Id": id, "Name": c.name, "Type": iceberg_type(c.ty, 1000 + id), "Required": false}))
        .collect();
    let time = columns.iter().zip(1..).find(|(c, _)| c.ty == ColumnType::Timestamp);
    let mut iceberg = json!({
        "Location": spec.location,
        "Schema": {"SchemaId": 0, "Type": "struct", "Fields": fields},
    });
    if let Some((c, id)) = time {
        let field =
            json!({"SourceId": id, "Transform": "day", "Name": format!("{}_day", c.name), "FieldId": 1000});
        iceberg["PartitionSpec"] = json!({"SpecId": 0, "Fields": [field]});
    }
    json!({
        "TableInput": {
            "Name": spec.table,
            "Description": DESCRIPTION,
            "TableType": "EXTERNAL_TABLE",
            "StorageDescriptor": {"Location": spec.location, "Columns": list},
        },
        // "Firehose only supports V2 table format." (Firehose developer guide,
        // Prerequisites to use Apache Iceberg Tables as a destination)
        "OpenTableFormatInput": {"IcebergInput": {
            "MetadataOperation": "CREATE",
            "Version": "2",
            "CreateIcebergTableInput": iceberg,
        }},
    })
}

/// The JSON SerDe's `mapping.<column>` for each column whose key is not its name; with
/// Parquet, none (Firehose's deserializer maps as the template sets it), and an error
/// for a key it cannot reach.
fn serde_mappings(
    table: &[TableColumn],
    storage: Storage,
    schema: Schema,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let mut serde = serde_json::Map::new();
    for c in table {
        let Some(key) = &c.key else { continue };
        if storage == Storage::Json {
            serde.insert(format!("mapping.{}", c.name), key.clone().into());
        } else if !(key.replace('.', "_") == c.name || (key == "@timestamp" && c.name == "timestamp")) {
            return Err(format!(
                "column {} reads the JSON key {key:?}, which Firehose's Parquet conversion cannot map \
                 (only dots become _, and @timestamp is timestamp): use OutputFormat json for this format with SCHEMA={}",
                c.name,
                format!("{schema:?}").to_lowercase()
            ));
        }
    }
    Ok(serde)
}

/// A JSON or Parquet table over the objects under `logs/`: partitioned and projected as
/// the template's prefix writes them.
fn s3_table(
    list: Vec<serde_json::Value>,
    serde: serde_json::Map<String, serde_json::Value>,
    storage: Storage,
    spec: &TableSpec,
    by_vhost: bool,
) -> serde_json::Value {
    use serde_json::json;
    let (input, output, library) = match storage {
        Storage::Parquet => (
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        ),
        _ => (
            "org.apache.hadoop.mapred.TextInputFormat",
            "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "org.openx.data.jsonserde.JsonSerDe",
        ),
    };
    let layout = Layout { table: spec.table.clone(), location: spec.location.clone(), by_vhost };
    let mut parameters: serde_json::Map<String, serde_json::Value> =
        projection(&layout).into_iter().map(|(k, v)| (k, v.into())).collect();
    if storage == Storage::Parquet {
        parameters.insert("classification".into(), "parquet".into());
    } else {
        parameters.insert("classification".into(), "json".into());
        parameters.insert("compressionType".into(), "gzip".into());
    }
    let vhost = by_vhost.then_some("vhost");
    let partitions: Vec<serde_json::Value> = vhost
        .into_iter()
        .chain(["year", "month", "day", "hour"])
        .map(|part| json!({"Name": part, "Type": "string"}))
        .collect();
    json!({"TableInput": {
        "Name": spec.table,
        "Description": DESCRIPTION,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": parameters,
        "PartitionKeys": partitions,
        "StorageDescriptor": {
            "Location": spec.location,
            "InputFormat": input,
            "OutputFormat": output,
            "SerdeInfo": {"SerializationLibrary": library, "Parameters": serde},
            "Columns": list,
        },
    }})
}

/// A column's type in an Iceberg schema (the Iceberg spec's JSON form); a list's element
/// takes the id `element`, a map's key too and its value `element + 1000`.
fn iceberg_type(ty: ColumnType, element: i64) -> serde_json::Value {
    match ty {
        ColumnType::String => "string".into(),
        ColumnType::Int => "int".into(),
        ColumnType::BigInt => "long".into(),
        ColumnType::Double => "double".into(),
        ColumnType::Timestamp => "timestamp".into(),
        ColumnType::Boolean => "boolean".into(),
        ColumnType::Strings => {
            serde_json::json!({"type": "list", "element-id": element, "element": "string", "element-required": false})
        }
        // The value's id past every element's (fields are fewer than 1000).
        ColumnType::Map => serde_json::json!({
            "type": "map", "key-id": element, "key": "string",
            "value-id": element + 1000, "value": "string", "value-required": false,
        }),
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
    // One line per partition part: its type, range and digits.
    let mut lines: Vec<String> = Vec::new();
    let mut last = "";
    let properties = projection(layout);
    for (key, value) in &properties {
        let group = key.rsplit_once('.').map_or(key.as_str(), |(group, _)| group);
        match lines.last_mut() {
            Some(line) if group == last && group.matches('.').count() == 1 => {
                let _ = write!(line, ", '{key}'='{value}'");
            }
            _ => lines.push(format!("  '{key}'='{value}'")),
        }
        last = group;
    }
    let _ = writeln!(out, "TBLPROPERTIES (\n{}\n);", lines.join(",\n"));
    out
}

/// The first year partition projection covers: a line's own time names its partition
/// (`DynamicPartitioning`), and a backfill or a host with a wrong clock can carry any
/// year. Each year projects 8,928 hourly partitions; 2000 to 2099 is 892,800.
pub const FIRST_YEAR: u16 = 2000;

/// The table properties of partition projection over the template's `Prefix`: hourly
/// partitions from [`FIRST_YEAR`] to 2099 (and the virtual host, injected, when
/// `layout.by_vhost`), so data is queryable as it lands, with no crawler.
pub fn projection(layout: &Layout) -> Vec<(String, String)> {
    let location = layout.location.trim_end_matches('/');
    let mut out = vec![("projection.enabled".to_string(), "true".to_string())];
    if layout.by_vhost {
        out.push(("projection.vhost.type".into(), "injected".into()));
    }
    let years = format!("{FIRST_YEAR},2099");
    for (part, range, digits) in [
        ("year", years.as_str(), false),
        ("month", "1,12", true),
        ("day", "1,31", true),
        ("hour", "0,23", true),
    ] {
        out.push((format!("projection.{part}.type"), "integer".into()));
        out.push((format!("projection.{part}.range"), range.into()));
        if digits {
            out.push((format!("projection.{part}.digits"), "2".into()));
        }
    }
    let vhost = if layout.by_vhost { "vhost=${vhost}/" } else { "" };
    out.push((
        "storage.location.template".into(),
        format!("{location}/{vhost}year=${{year}}/month=${{month}}/day=${{day}}/hour=${{hour}}/"),
    ));
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
