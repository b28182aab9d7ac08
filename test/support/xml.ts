// A strict reader of the small XML documents Renraku writes (its Atom feed): elements, attributes, text and the
// five predefined entities, nothing else (no DTD, no CDATA, no processing instruction but the declaration).
// Anything malformed — an unescaped `<` or `&`, an unknown entity, a mismatched tag, a control character — throws,
// so a test that reads a document through it has also checked that it is well-formed.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// XML 1.0 Char: tab, LF, CR, and from U+0020 on, but the surrogates and U+FFFE, U+FFFF.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decodeText(raw: string): string {
  if (/[<]/.test(raw)) throw new Error(`unescaped < in ${JSON.stringify(raw.slice(0, 60))}`);
  return raw.replace(/&([^;]*);|&/g, (m, name: string | undefined) => {
    if (name === undefined || !(name in ENTITIES)) throw new Error(`bad entity ${m}`);
    return ENTITIES[name] as string;
  });
}

/** Parses the document; its root element. */
export function parseXml(doc: string): XmlElement {
  if (NOT_XML_CHAR.test(doc)) throw new Error('a character XML does not allow');
  let i = 0;
  const rest = () => doc.slice(i);
  const decl = /^<\?xml version="1\.0" encoding="utf-8"\?>\s*/.exec(rest());
  if (!decl) throw new Error('no XML declaration');
  i += decl[0].length;
  const root = element();
  if (rest().trim() !== '') throw new Error('content after the root element');
  return root;

  function element(): XmlElement {
    const open = /^<([A-Za-z][\w:.-]*)((?:\s+[A-Za-z][\w:.-]*="[^"<]*")*)\s*(\/?)>/.exec(rest());
    if (!open) throw new Error(`expected an element at ${JSON.stringify(rest().slice(0, 60))}`);
    i += open[0].length;
    const [, name = '', attrText = '', selfClosing] = open;
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([A-Za-z][\w:.-]*)="([^"]*)"/g)) {
      if ((a[1] as string) in attrs) throw new Error(`attribute ${a[1]} twice`);
      attrs[a[1] as string] = decodeText(a[2] as string);
    }
    const el: XmlElement = { name, attrs, children: [], text: '' };
    if (selfClosing) return el;
    for (;;) {
      const textEnd = doc.indexOf('<', i);
      if (textEnd < 0) throw new Error(`unclosed <${name}>`);
      el.text += decodeText(doc.slice(i, textEnd));
      i = textEnd;
      if (doc.startsWith(`</${name}>`, i)) {
        i += name.length + 3;
        return el;
      }
      if (doc.startsWith('</', i)) throw new Error(`mismatched end tag in <${name}>`);
      el.children.push(element());
    }
  }
}
