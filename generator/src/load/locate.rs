//! Line and column of a JSON pointer in the source text.
//!
//! Best effort, by design: JSON is scanned exactly; YAML in block style (the
//! style of nearly every spec) is followed by indentation, and where the
//! pointer goes into a flow collection, an alias or a merge key, the place
//! of the deepest part found is given. The JSON pointer, always reported
//! beside, stays exact.

use crate::diagnostics::unescape_pointer_token;

/// The one-based line and column of `pointer` (or of its deepest ancestor
/// found) in `text`.
pub(crate) fn locate(text: &str, pointer: &str) -> (usize, usize) {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(unescape_pointer_token).collect();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let offset = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        json::find(text, &tokens)
    } else {
        yaml::find(text, &tokens)
    };
    line_col(text, offset)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    (line, column)
}

mod json {
    /// The byte offset of the value at `tokens`, or of its deepest ancestor.
    pub(super) fn find(text: &str, tokens: &[String]) -> usize {
        let bytes = text.as_bytes();
        let mut pos = skip_ws(bytes, 0);
        for token in tokens {
            let next = match bytes.get(pos) {
                Some(b'{') => member(text, pos, token),
                Some(b'[') => token.parse().ok().and_then(|index| element(bytes, pos, index)),
                _ => None,
            };
            match next {
                Some(next) => pos = next,
                None => break,
            }
        }
        pos
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

    /// The offset of the value of member `key` of the object at `open`.
    fn member(text: &str, open: usize, key: &str) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut pos = skip_ws(bytes, open + 1);
        while bytes.get(pos) == Some(&b'"') {
            let end = string_end(bytes, pos)?;
            let name: String = serde_json::from_str(text.get(pos..end)?).ok()?;
            pos = skip_ws(bytes, end);
            if bytes.get(pos) != Some(&b':') {
                return None;
            }
            pos = skip_ws(bytes, pos + 1);
            if name == key {
                return Some(pos);
            }
            pos = skip_ws(bytes, value_end(bytes, pos)?);
            if bytes.get(pos) != Some(&b',') {
                return None;
            }
            pos = skip_ws(bytes, pos + 1);
        }
        None
    }

    /// The offset of element `index` of the array at `open`.
    fn element(bytes: &[u8], open: usize, index: usize) -> Option<usize> {
        let mut pos = skip_ws(bytes, open + 1);
        for _ in 0..index {
            pos = skip_ws(bytes, value_end(bytes, pos)?);
            if bytes.get(pos) != Some(&b',') {
                return None;
            }
            pos = skip_ws(bytes, pos + 1);
        }
        (bytes.get(pos) != Some(&b']')).then_some(pos)
    }
}

mod yaml {
    /// A line with content: where the content starts, its column, and the
    /// content itself.
    #[derive(Clone, Copy)]
    struct Line<'a> {
        offset: usize,
        indent: usize,
        text: &'a str,
    }

    /// The byte offset of the node at `tokens`, or of its deepest ancestor.
    pub(super) fn find(text: &str, tokens: &[String]) -> usize {
        let mut lines = content_lines(text);
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

    fn content_lines(text: &str) -> Vec<Line<'_>> {
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
