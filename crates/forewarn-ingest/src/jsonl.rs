//! JSONL batches: one record per non-blank line,
//! `{"id": "...", "text": "...", "title"?: "...", "declared"?: {...}}`.
//!
//! Each record is its own [`Item`]; a bad line is an item holding its error, and the lines
//! after it are still read. A record's text is its own source: spans index into the `text`
//! value, under the record's id.

use forewarn_core::{Declared, SourceFormat};
use serde_json::Value;

use crate::decode::{binary_kind, decode};
use crate::{IngestError, Item};

/// Reads a JSONL batch whole.
#[cfg(test)]
pub(crate) fn read(name: &str, bytes: &[u8], limits: &crate::Limits) -> Vec<Item> {
    records(name, bytes, limits).map(|read| read()).collect()
}

/// Splits a JSONL batch into its records, each read (parsed and segmented) only when called:
/// a record's document is built where the caller analyses it, so a batch of many works costs
/// the memory of the records being analysed, and building them is not a serial step.
pub(crate) fn records<'a>(
    name: &'a str,
    bytes: &[u8],
    limits: &'a crate::Limits,
) -> Box<dyn Iterator<Item = crate::Pending<'a>> + 'a> {
    let whole = |result| -> Box<dyn Iterator<Item = crate::Pending<'a>> + 'a> {
        let item = Item { id: name.to_string(), result: Err(result) };
        Box::new(std::iter::once(Box::new(move || item) as crate::Pending<'a>))
    };
    if let Some(kind) = binary_kind(bytes) {
        return whole(IngestError::Binary { kind });
    }
    let decoded = decode(bytes);
    if decoded.text.trim().is_empty() {
        return whole(IngestError::Empty);
    }
    let text = decoded.text;
    let mut offset = 0;
    let mut index = 0;
    Box::new(std::iter::from_fn(move || loop {
        if offset > text.len() {
            return None;
        }
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = text[offset..end].trim().to_string();
        (offset, index) = (end + 1, index + 1);
        if line.is_empty() {
            continue;
        }
        let number = index;
        return Some(Box::new(move || item(name, &line, number, limits)) as crate::Pending<'a>);
    }))
}

/// One record (line `number`, 1-based) as an item.
fn item(name: &str, line: &str, number: usize, limits: &crate::Limits) -> Item {
    let fallback_id = format!("{name}:{number}");
    let (id, result) = match record(line) {
        Ok(record) => {
            let id = record.id.unwrap_or(fallback_id);
            let declared = record.declared.filter(|d| !d.is_empty());
            let doc = crate::text::from_str(&id, record.text, SourceFormat::Jsonl, limits).map(|mut doc| {
                doc.meta.title = record.title;
                doc.meta.declared = declared;
                doc
            });
            (id, doc)
        }
        Err(reason) => (fallback_id, Err(IngestError::Jsonl { line: number, reason })),
    };
    Item { id, result }
}

struct Record {
    id: Option<String>,
    text: String,
    title: Option<String>,
    declared: Option<Declared>,
}

fn record(line: &str) -> Result<Record, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(mut object) = value else {
        return Err("not a JSON object".to_string());
    };
    let text = match object.remove("text") {
        Some(Value::String(text)) => text,
        Some(_) => return Err("\"text\" is not a string".to_string()),
        None => return Err("missing \"text\"".to_string()),
    };
    if text.trim().is_empty() {
        return Err("empty \"text\"".to_string());
    }
    let id = match object.remove("id") {
        Some(Value::String(id)) if !id.is_empty() => Some(id),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let title = match object.remove("title") {
        Some(Value::String(title)) => Some(title),
        _ => None,
    };
    let declared = match object.remove("declared") {
        None | Some(Value::Null) => None,
        Some(value) => Some(serde_json::from_value(value).map_err(|e| format!("invalid \"declared\": {e}"))?),
    };
    Ok(Record { id, text, title, declared })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_bad_lines() {
        let input = concat!(
            "{\"id\": \"a\", \"text\": \"She ran. He followed.\", \"title\": \"A\", \"declared\": {\"rating\": \"Mature\"}}\n",
            "\n",
            "{\"id\": \"b\", \"text\": \n",
            "{\"id\": \"c\"}\n",
            "{\"text\": \"No id here.\"}\r\n",
        );
        let items = read("batch.jsonl", input.as_bytes(), &crate::Limits::default());
        let ids: Vec<_> = items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "batch.jsonl:3", "batch.jsonl:4", "batch.jsonl:5"]);
        let a = items[0].result.as_ref().expect("a reads");
        assert_eq!(a.sentences.len(), 2);
        assert_eq!(a.meta.declared.as_ref().and_then(|d| d.rating.as_deref()), Some("Mature"));
        assert_eq!(a.source_map.locate(a.sentences[1].range).map(|l| (l.item, l.span.start)), Some(("a".into(), 9)));
        let err = |i: usize| items[i].result.as_ref().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err(1).starts_with("line 3: invalid JSON: "), "{}", err(1));
        assert_eq!(err(2), "line 4: missing \"text\"");
        assert!(items[3].result.is_ok());
    }
}
