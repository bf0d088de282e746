//! Line and column of a JSON pointer in the source text.
//!
//! Best effort, by design: JSON is scanned exactly; YAML in block style (the
//! style of nearly every spec) is followed by indentation, and where the
//! pointer goes into a flow collection, an alias or a merge key, the place
//! of the deepest part found is given. The JSON pointer, always reported
//! beside, stays exact.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::unescape_pointer_token;

/// The one-based line and column of `pointer` (or of its deepest ancestor
/// found) in `text`.
#[cfg(test)]
pub(crate) fn locate(text: &str, pointer: &str) -> (usize, usize) {
    locate_many(text, &[pointer])[0]
}

/// [`locate`] for many pointers at once: the text is indexed once, so a
/// large spec with many warnings stays linear.
pub(crate) fn locate_many(text: &str, pointers: &[&str]) -> Vec<(usize, usize)> {
    if pointers.is_empty() {
        return Vec::new();
    }
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let offsets: Vec<usize> = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        json::find_many(text, pointers)
    } else {
        let lines = yaml::content_lines(text);
        pointers.iter().map(|pointer| yaml::find(&lines, &tokens(pointer))).collect()
    };
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
    offsets.into_iter().map(|offset| line_col(text, &line_starts, offset)).collect()
}

fn tokens(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(unescape_pointer_token).collect()
}

fn line_col(text: &str, line_starts: &[usize], offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let line = line_starts.partition_point(|&start| start <= offset).max(1);
    let start = line_starts[line - 1];
    let column = text.get(start..offset).map_or(0, |part| part.chars().count()) + 1;
    (line, column)
}

mod json {
    use super::{HashMap, HashSet};

    /// The byte offset of each pointer's value, or of its deepest ancestor,
    /// found in one walk that enters only the parts some pointer goes into.
    pub(super) fn find_many(text: &str, pointers: &[&str]) -> Vec<usize> {
        let mut wanted = HashSet::new();
        for pointer in pointers {
            let mut end = pointer.len();
            loop {
                wanted.insert(&pointer[..end]);
                match pointer[..end].rfind('/') {
                    Some(slash) => end = slash,
                    None => break,
                }
            }
        }
        let mut found = HashMap::new();
        let start = skip_ws(text.as_bytes(), 0);
        walk(text, start, String::new(), &wanted, &mut found);
        pointers
            .iter()
            .map(|pointer| {
                let mut end = pointer.len();
                loop {
                    if let Some(&offset) = found.get(&pointer[..end]) {
                        return offset;
                    }
                    match pointer[..end].rfind('/') {
                        Some(slash) => end = slash,
                        None => return start,
                    }
                }
            })
            .collect()
    }

    /// Records the value at `pos` (at `pointer`) and, inside it, every
    /// wanted member or element. Returns the offset past the value.
    fn walk(
        text: &str,
        pos: usize,
        pointer: String,
        wanted: &HashSet<&str>,
        found: &mut HashMap<String, usize>,
    ) -> Option<usize> {
        let bytes = text.as_bytes();
        match bytes.get(pos)? {
            b'{' => {
                found.insert(pointer.clone(), pos);
                let mut at = skip_ws(bytes, pos + 1);
                while bytes.get(at) == Some(&b'"') {
                    let end = string_end(bytes, at)?;
                    let key: String = serde_json::from_str(text.get(at..end)?).ok()?;
                    at = skip_ws(bytes, end);
                    if bytes.get(at) != Some(&b':') {
                        return None;
                    }
                    let value = skip_ws(bytes, at + 1);
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    at = next(text, value, format!("{pointer}/{escaped}"), wanted, found)?;
                }
                (bytes.get(at) == Some(&b'}')).then_some(at + 1)
            }
            b'[' => {
                found.insert(pointer.clone(), pos);
                let mut at = skip_ws(bytes, pos + 1);
                let mut index = 0;
                while bytes.get(at).is_some_and(|b| *b != b']') {
                    at = next(text, at, format!("{pointer}/{index}"), wanted, found)?;
                    index += 1;
                }
                Some(at + 1)
            }
            _ => {
                found.insert(pointer, pos);
                value_end(bytes, pos)
            }
        }
    }

    /// Walks the member or element at `pos` when a pointer goes into it,
    /// and skips it otherwise; returns where the next one starts.
    fn next(
        text: &str,
        pos: usize,
        child: String,
        wanted: &HashSet<&str>,
        found: &mut HashMap<String, usize>,
    ) -> Option<usize> {
        let bytes = text.as_bytes();
        let end = if wanted.contains(child.as_str()) {
            walk(text, pos, child, wanted, found)?
        } else {
            value_end(bytes, pos)?
        };
        let at = skip_ws(bytes, end);
        Some(if bytes.get(at) == Some(&b',') { skip_ws(bytes, at + 1) } else { at })
    }

    fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
        while bytes.get(pos).is_some_and(|b| b.is_ascii_whitespace()) {
            pos += 1;
        }
        pos
    }

    /// The offset just past the string that starts at `pos`.
    fn string_end(bytes: &[u8], pos: usize) -> Option<usize> {
        let mut at = pos + 1;
        loop {
            match bytes.get(at)? {
                b'\\' => at += 2,
                b'"' => return Some(at + 1),
                _ => at += 1,
            }
        }
    }

    /// The offset just past the value that starts at `pos`.
    fn value_end(bytes: &[u8], pos: usize) -> Option<usize> {
        match bytes.get(pos)? {
            b'"' => string_end(bytes, pos),
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut at = pos;
                loop {
                    match bytes.get(at)? {
                        b'"' => {
                            at = string_end(bytes, at)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(at + 1);
                            }
                        }
                        _ => {}
                    }
                    at += 1;
                }
            }
            _ => {
                let mut at = pos;
                while bytes.get(at).is_some_and(|b| !b",}] \t\r\n".contains(b)) {
                    at += 1;
                }
                Some(at)
            }
        }
    }
}

mod yaml {
    /// A line with content: where the content starts, its column, and the
    /// content itself.
    #[derive(Clone, Copy)]
    pub(super) struct Line<'a> {
        offset: usize,
        indent: usize,
        text: &'a str,
    }

    /// The byte offset of the node at `tokens`, or of its deepest ancestor,
    /// among the content lines of the text.
    pub(super) fn find(all: &[Line<'_>], tokens: &[String]) -> usize {
        let mut lines = all.to_vec();
        let mut found = lines.first().map_or(0, |line| line.offset);
        for token in tokens {
            let Some(first) = lines.first().copied() else { break };
            let step = if first.text == "-" || first.text.starts_with("- ") {
                token.parse().ok().and_then(|index| item(&lines, first.indent, index))
            } else {
                entry(&lines, first.indent, token)
            };
            match step {
                Some((at, children)) => {
                    found = at;
                    lines = children;
                }
                None => break,
            }
        }
        found
    }

    pub(super) fn content_lines(text: &str) -> Vec<Line<'_>> {
        let mut lines = Vec::new();
        let mut offset = 0;
        for raw in text.split_inclusive('\n') {
            let line = raw.trim_end_matches(['\n', '\r']);
            let content = line.trim_start();
            let indent = line.len() - content.len();
            let skip = content.is_empty()
                || content.starts_with('#')
                || content.starts_with("---")
                || content.starts_with("...");
            if !skip {
                lines.push(Line { offset: offset + indent, indent, text: content });
            }
            offset += raw.len();
        }
        lines
    }

    /// The lines below the one at `index` that belong to it: deeper ones,
    /// and a sequence written at the same indentation as its key.
    fn children<'a>(lines: &[Line<'a>], index: usize, indent: usize) -> Vec<Line<'a>> {
        let rest = &lines[index + 1..];
        let deeper = rest.iter().take_while(|line| line.indent > indent).count();
        if deeper > 0 {
            return rest[..deeper].to_vec();
        }
        let is_item = |line: &&Line<'_>| {
            line.indent == indent && (line.text == "-" || line.text.starts_with("- "))
        };
        let mut items = Vec::new();
        for line in rest {
            if line.indent < indent || (line.indent == indent && !is_item(&line)) {
                break;
            }
            items.push(*line);
        }
        items
    }

    /// The key `key` of the mapping whose keys stand at `indent`.
    fn entry<'a>(lines: &[Line<'a>], indent: usize, key: &str) -> Option<(usize, Vec<Line<'a>>)> {
        for (index, line) in lines.iter().enumerate() {
            if line.indent < indent {
                break;
            }
            if line.indent != indent || key_of(line.text).as_deref() != Some(key) {
                continue;
            }
            let value = line.text.split_once(':').map_or("", |(_, value)| value.trim());
            if !value.is_empty() && !value.starts_with(['|', '>', '#', '&']) {
                // A scalar or a flow collection on the key's own line.
                let column = line.text.len() - line.text.split_once(':')?.1.trim_start().len();
                return Some((line.offset + column, Vec::new()));
            }
            return Some((line.offset, children(lines, index, indent)));
        }
        None
    }

    /// Item `wanted` of the sequence whose dashes stand at `indent`. An
    /// item's content may start on the dash's line.
    fn item<'a>(
        lines: &[Line<'a>],
        indent: usize,
        wanted: usize,
    ) -> Option<(usize, Vec<Line<'a>>)> {
        let mut seen = 0;
        for (index, line) in lines.iter().enumerate() {
            if line.indent < indent {
                break;
            }
            let is_dash =
                line.indent == indent && (line.text == "-" || line.text.starts_with("- "));
            if !is_dash {
                continue;
            }
            if seen < wanted {
                seen += 1;
                continue;
            }
            let mut content = children(lines, index, indent);
            let inline = line.text[1..].trim_start();
            if !inline.is_empty() {
                let column = line.text.len() - inline.len();
                let first =
                    Line { offset: line.offset + column, indent: indent + column, text: inline };
                content.insert(0, first);
            }
            return Some((line.offset, content));
        }
        None
    }

    /// The key of a `key: value` line, unquoted.
    fn key_of(text: &str) -> Option<String> {
        if let Some(quote) = text.chars().next().filter(|c| *c == '\'' || *c == '"') {
            let end = text[1..].find(quote)? + 1;
            return text[end + 1..].trim_start().starts_with(':').then(|| text[1..end].to_string());
        }
        let colon = text.find(": ").or_else(|| text.strip_suffix(':').map(str::len))?;
        Some(text[..colon].trim_end().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::locate;

    const YAML: &str = "\
openapi: 3.0.3
info:
  title: T
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
        -   name: limit
            in: query
      responses:
        '200':
          description: ok
components:
  schemas:
    Pet:
      required:
      - name
      properties:
        name: {type: string}
";

    #[test]
    fn yaml_block_style_is_followed() {
        assert_eq!(locate(YAML, "/info/title"), (3, 10));
        assert_eq!(locate(YAML, "/paths/~1pets~1{id}/get"), (6, 5));
        assert_eq!(locate(YAML, "/paths/~1pets~1{id}/get/parameters/1"), (10, 9));
        assert_eq!(locate(YAML, "/paths/~1pets~1{id}/get/parameters/1/in"), (11, 17));
        assert_eq!(locate(YAML, "/paths/~1pets~1{id}/get/responses/200/description"), (14, 24));
        assert_eq!(locate(YAML, "/components/schemas/Pet/required/0"), (19, 7));
        // Into a flow mapping: the place of the deepest part found.
        assert_eq!(locate(YAML, "/components/schemas/Pet/properties/name/type"), (21, 15));
        // Missing parts: the deepest ancestor.
        assert_eq!(locate(YAML, "/components/schemas/Dog"), (16, 3));
    }

    #[test]
    fn json_is_scanned_exactly() {
        let json = "{\n  \"a\": {\"b~c\": [1, {\"d/e\": \"x\"}]},\n  \"f\": true\n}";
        assert_eq!(locate(json, "/a/b~0c/1/d~1e"), (2, 28));
        assert_eq!(locate(json, "/f"), (3, 8));
        assert_eq!(locate(json, "/a/missing"), (2, 8));
        assert_eq!(locate(json, ""), (1, 1));
    }
}
