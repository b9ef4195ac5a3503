//! An object the writer wrote, held to the schema's columns: its keys in the columns'
//! order, each value of its column's type (or null).

use firelog::output::{Column, ColumnType, When};

/// A JSON object's members in the order written (serde_json's map sorts them).
pub struct Ordered(pub Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Member::deserialize(d)? {
            Member::Object(members) => {
                Ok(Ordered(members.into_iter().map(|(k, m)| (k, m.into_value())).collect()))
            }
            Member::Other(_) => Err(serde::de::Error::custom("not a JSON object")),
        }
    }
}

/// A JSON object's keys, in the order written.
pub fn keys(object: &[u8]) -> Result<Vec<String>, serde_json::Error> {
    let Ordered(members) = serde_json::from_slice(object)?;
    Ok(members.into_iter().map(|(k, _)| k).collect())
}

/// Whether `value` is of `ty` (null is of every type).
fn of_type(value: &serde_json::Value, ty: ColumnType) -> bool {
    match (value, ty) {
        (serde_json::Value::Null, _) => true,
        (serde_json::Value::String(s), ColumnType::Timestamp) => {
            chrono::DateTime::parse_from_rfc3339(s).is_ok() && s.ends_with('Z')
        }
        (serde_json::Value::String(_), ColumnType::String) => true,
        // Glue's int is signed 32 bits (a status: three digits). A bigint is signed 64 bits,
        // and firelog writes a whole number as logged, up to 2^64 - 1: a value past
        // 2^63 - 1 does not fit its column (documented in docs/formats.md).
        (serde_json::Value::Number(n), ColumnType::Int) => {
            n.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
        }
        (serde_json::Value::Number(n), ColumnType::BigInt) => n.is_u64(),
        (serde_json::Value::Number(_), ColumnType::Double) => true,
        (serde_json::Value::Array(items), ColumnType::Strings) => items.iter().all(|i| i.is_string()),
        (serde_json::Value::Bool(_), ColumnType::Boolean) => true,
        (serde_json::Value::Object(members), ColumnType::Map) => {
            members.values().all(|v| v.is_string() || v.is_null())
        }
        _ => false,
    }
}

/// Checks one object (one line of JSON Lines, its `\n` included) against `columns`: its
/// keys are exactly the columns that are always there, plus those of `when` kinds the
/// object has (`extra`, the CloudWatch Logs keys, `envelope`), in the columns' order; `every` asks
/// for every column but the unparsed ones. Each value is of its column's type.
pub fn check(columns: &[Column], object: &[u8], every: bool) -> Result<(), String> {
    let text = String::from_utf8_lossy(object);
    let Ordered(members) = serde_json::from_slice(object).map_err(|e| format!("{e}: {text}"))?;
    let has = |name: &str| members.iter().any(|(k, _)| k == name);
    let want: Vec<&Column> = columns
        .iter()
        .filter(|c| match c.when {
            When::Always => true,
            When::Unparsed => false,
            When::Extra | When::CloudWatch | When::Envelope => every || has(&c.name),
        })
        .collect();
    let got: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    if let Some(twice) = got.iter().enumerate().find(|(i, k)| got[..*i].contains(k)) {
        return Err(format!("key {} twice: {text}", twice.1));
    }
    let names: Vec<&str> = want.iter().map(|c| c.name.as_str()).collect();
    if got != names {
        return Err(format!("keys {got:?}, schema {names:?}: {text}"));
    }
    for ((key, value), column) in members.iter().zip(want) {
        if !of_type(value, column.ty) {
            return Err(format!("{key}: {value} is not {:?}: {text}", column.ty));
        }
    }
    Ok(())
}

/// A JSON value with its objects' members in the order written.
enum Member {
    Object(Vec<(String, Member)>),
    Other(serde_json::Value),
}

impl Member {
    /// As serde_json's value (an object's members then sorted).
    fn into_value(self) -> serde_json::Value {
        match self {
            Member::Object(members) => {
                serde_json::Value::Object(members.into_iter().map(|(k, m)| (k, m.into_value())).collect())
            }
            Member::Other(value) => value,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Member {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Any;
        impl<'de> serde::de::Visitor<'de> for Any {
            type Value = Member;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Member, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, Member>()? {
                    members.push(member);
                }
                Ok(Member::Object(members))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Member, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<serde_json::Value>()? {
                    items.push(item);
                }
                Ok(Member::Other(serde_json::Value::Array(items)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Member, E> {
                Ok(Member::Other(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Member, E> {
                Ok(Member::Other(v.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Member, E> {
                Ok(Member::Other(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Member, E> {
                Ok(Member::Other(v.into()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Member, E> {
                Ok(Member::Other(v.into()))
            }
            fn visit_unit<E>(self) -> Result<Member, E> {
                Ok(Member::Other(serde_json::Value::Null))
            }
        }
        d.deserialize_any(Any)
    }
}

/// A line of nested JSON (ECS's) as one flat object with dotted keys, in the order
/// written, and its `\n`: `{"http":{"version":"1.1"}}` is `{"http.version":"1.1"}`.
pub fn flatten(object: &[u8]) -> Result<Vec<u8>, String> {
    fn walk(prefix: &str, members: Vec<(String, Member)>, out: &mut Vec<String>) {
        for (key, member) in members {
            let name = if prefix.is_empty() { key } else { format!("{prefix}.{key}") };
            match member {
                Member::Object(inner) => walk(&name, inner, out),
                Member::Other(value) => out.push(format!("{}:{value}", serde_json::Value::from(name))),
            }
        }
    }
    let text = String::from_utf8_lossy(object);
    let Member::Object(members) = serde_json::from_slice(object).map_err(|e| format!("{e}: {text}"))? else {
        return Err(format!("not an object: {text}"));
    };
    let mut flat = Vec::new();
    walk("", members, &mut flat);
    Ok(format!("{{{}}}\n", flat.join(",")).into_bytes())
}
