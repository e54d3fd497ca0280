//! XML text: a small writer that escapes text and attribute values and remembers whether the
//! last start tag is still open (so attributes can be added and an empty element closes as
//! `<a/>`). Written here rather than taken from a crate: writing is a few escapes, and the
//! reader's crate has no writer.

use crate::schema::XmlNamespace;

/// Writes one XML document into a `String`.
#[derive(Debug, Default)]
pub(crate) struct XmlWriter {
    out: String,
    /// Whether the last start tag still lacks its `>`.
    tag_open: bool,
}

impl XmlWriter {
    /// Opens `<name`; attributes and namespaces may follow until content is written.
    pub(crate) fn start(&mut self, name: &str) {
        self.close_tag();
        self.out.push('<');
        self.out.push_str(name);
        self.tag_open = true;
    }

    /// Declares a namespace on the open start tag (`xmlns="uri"`, `xmlns:prefix="uri"`).
    pub(crate) fn namespace(&mut self, namespace: &XmlNamespace) {
        match namespace.prefix {
            Some(prefix) => self.attribute(&format!("xmlns:{prefix}"), namespace.uri),
            None => self.attribute("xmlns", namespace.uri),
        }
    }

    /// Adds an attribute to the open start tag; does nothing once content was written (the
    /// schemas put attributes first, so that never happens for their members).
    pub(crate) fn attribute(&mut self, name: &str, value: &str) {
        if !self.tag_open {
            return;
        }
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        escape(&mut self.out, value, true);
        self.out.push('"');
    }

    /// Writes escaped text content.
    pub(crate) fn text(&mut self, text: &str) {
        self.close_tag();
        escape(&mut self.out, text, false);
    }

    /// Closes element `name`: `/>` when it has no content yet.
    pub(crate) fn end(&mut self, name: &str) {
        if self.tag_open {
            self.out.push_str("/>");
            self.tag_open = false;
            return;
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// How many bytes were written (to tell whether anything followed a point).
    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// The document.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    fn close_tag(&mut self) {
        if self.tag_open {
            self.out.push('>');
            self.tag_open = false;
        }
    }
}

/// Escapes `&`, `<`, `>` (and in attributes `"`), and writes carriage returns, and in
/// attributes tabs and newlines, as character references so a reader's end-of-line and
/// attribute-value normalisation gives them back unchanged.
fn escape(out: &mut String, text: &str, attribute: bool) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\r' => "&#xD;",
            b'"' if attribute => "&quot;",
            b'\n' if attribute => "&#xA;",
            b'\t' if attribute => "&#x9;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(replacement);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_attributes_and_escapes() {
        let mut w = XmlWriter::default();
        w.start("a");
        w.namespace(&XmlNamespace {
            prefix: Some("x"),
            uri: "https://e.com/?a=1&b=\"2\"",
        });
        w.attribute("k", "<1>\n");
        w.start("b");
        w.text("x & y < z > w\r");
        w.end("b");
        w.start("c");
        w.end("c");
        w.end("a");
        assert_eq!(
            String::from_utf8(w.finish()).unwrap(),
            "<a xmlns:x=\"https://e.com/?a=1&amp;b=&quot;2&quot;\" k=\"&lt;1&gt;&#xA;\">\
             <b>x &amp; y &lt; z &gt; w&#xD;</b><c/></a>"
        );
    }
}
