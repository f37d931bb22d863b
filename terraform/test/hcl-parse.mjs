// The parser of hcl-eval.mjs: Terraform expression source (as hcl2json leaves it inside "${...}")
// to a small syntax tree. It knows the subset of the language the Azure and GCP modules use and
// refuses the rest (splats, heredocs, template directives) with Unsupported.

/** A construct this evaluator does not implement; never caught by try() or can(). */
export class Unsupported extends Error {}

// --- parsing ----------------------------------------------------------------------------------------

const KEYWORDS = new Set(["true", "false", "null", "for", "in", "if"]);

export class Parser {
  constructor(src) {
    this.src = src;
    this.pos = 0;
  }
  fail(message) {
    throw new Unsupported(`${message} at ${this.pos} in: ${this.src.slice(Math.max(0, this.pos - 40), this.pos + 40)}`);
  }
  skip() {
    for (;;) {
      const c = this.src[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.pos++;
      else if (c === "#" || (c === "/" && this.src[this.pos + 1] === "/")) {
        while (this.pos < this.src.length && this.src[this.pos] !== "\n") this.pos++;
      } else if (c === "/" && this.src[this.pos + 1] === "*") {
        const end = this.src.indexOf("*/", this.pos + 2);
        if (end < 0) this.fail("unterminated comment");
        this.pos = end + 2;
      } else return;
    }
  }
  peek(text) {
    this.skip();
    return this.src.startsWith(text, this.pos);
  }
  eat(text) {
    if (!this.peek(text)) return false;
    this.pos += text.length;
    return true;
  }
  expect(text) {
    if (!this.eat(text)) this.fail(`expected ${text}`);
  }
  peekWord() {
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos));
    return m ? m[0] : null;
  }
  word() {
    const w = this.peekWord();
    if (!w) this.fail("expected a name");
    this.pos += w.length;
    return w;
  }
  atEnd() {
    this.skip();
    return this.pos >= this.src.length;
  }

  expression() {
    const condition = this.binary(0);
    if (!this.eat("?")) return condition;
    const yes = this.expression();
    this.expect(":");
    const no = this.expression();
    return { t: "cond", condition, yes, no };
  }

  binary(level) {
    const levels = [["||"], ["&&"], ["==", "!="], ["<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]];
    if (level === levels.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.skip();
      const op = levels[level].find((o) => this.src.startsWith(o, this.pos));
      if (!op) return left;
      this.pos += op.length;
      left = { t: "bin", op, left, right: this.binary(level + 1) };
    }
  }

  unary() {
    if (this.eat("!")) return { t: "not", value: this.unary() };
    if (this.peek("-")) {
      this.pos++;
      return { t: "neg", value: this.unary() };
    }
    return this.postfix(this.primary());
  }

  postfix(node) {
    for (;;) {
      this.skip();
      if (this.src.startsWith("...", this.pos)) return node;
      if (this.src[this.pos] === "." && /[A-Za-z_]/.test(this.src[this.pos + 1] ?? "")) {
        this.pos++;
        node = { t: "attr", of: node, name: this.word() };
      } else if (this.src[this.pos] === "[") {
        this.pos++;
        if (this.peek("*")) this.fail("splat expressions are not supported");
        const index = this.expression();
        this.expect("]");
        node = { t: "index", of: node, index };
      } else return node;
    }
  }

  primary() {
    this.skip();
    const c = this.src[this.pos];
    if (c === "(") {
      this.pos++;
      const inner = this.expression();
      this.expect(")");
      return inner;
    }
    if (c === '"') return this.template();
    if (c === "<" && this.src.startsWith("<<", this.pos)) this.fail("heredocs are not supported");
    if (/[0-9]/.test(c ?? "")) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.pos));
      this.pos += m[0].length;
      return { t: "lit", value: Number(m[0]) };
    }
    if (c === "[") return this.tuple();
    if (c === "{") return this.object();
    const name = this.word();
    if (name === "true" || name === "false") return { t: "lit", value: name === "true" };
    if (name === "null") return { t: "lit", value: null };
    if (KEYWORDS.has(name)) this.fail(`unexpected ${name}`);
    if (this.src[this.pos] === "(") {
      this.pos++;
      const args = [];
      let expand = false;
      while (!this.eat(")")) {
        args.push(this.expression());
        if (this.eat("...")) expand = true;
        if (!this.eat(",")) {
          this.expect(")");
          break;
        }
      }
      return { t: "call", name, args, expand };
    }
    return { t: "ref", name };
  }

  /** "...": literal text and ${...} interpolations; %{...} directives are refused. */
  template() {
    this.expect('"');
    const parts = [];
    let text = "";
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail("unterminated string");
      if (c === '"') {
        this.pos++;
        break;
      }
      if (c === "\\") {
        const n = this.src[this.pos + 1];
        const simple = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
        if (n in simple) {
          text += simple[n];
          this.pos += 2;
        } else if (n === "u") {
          text += String.fromCharCode(parseInt(this.src.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else this.fail(`escape \\${n}`);
      } else if (this.src.startsWith("$${", this.pos) || this.src.startsWith("%%{", this.pos)) {
        text += this.src[this.pos] + "{";
        this.pos += 3;
      } else if (this.src.startsWith("${", this.pos)) {
        if (text) parts.push(text);
        text = "";
        this.pos += 2;
        parts.push(this.expression());
        this.expect("}");
      } else if (this.src.startsWith("%{", this.pos)) {
        this.fail("template directives are not supported");
      } else {
        text += c;
        this.pos++;
      }
    }
    if (text || parts.length === 0) parts.push(text);
    return { t: "template", parts };
  }

  /**
   * A string as hcl2json returns it: the literal text already unescaped, and each ${...} still
   * its source text.
   */
  rawTemplate() {
    const parts = [];
    let text = "";
    while (this.pos < this.src.length) {
      if (this.src.startsWith("${", this.pos)) {
        if (text) parts.push(text);
        text = "";
        this.pos += 2;
        parts.push(this.expression());
        this.expect("}");
      } else if (this.src.startsWith("%{", this.pos)) {
        this.fail("template directives are not supported");
      } else {
        text += this.src[this.pos++];
      }
    }
    if (text || parts.length === 0) parts.push(text);
    return { t: "template", parts };
  }

  forHeader() {
    this.expect("for");
    let keyName = null;
    let valueName = this.word();
    if (this.eat(",")) {
      keyName = valueName;
      valueName = this.word();
    }
    if (this.word() !== "in") this.fail("expected in");
    const collection = this.expression();
    this.expect(":");
    return { keyName, valueName, collection };
  }

  tuple() {
    this.expect("[");
    if (this.peekWord() === "for") {
      const head = this.forHeader();
      const value = this.expression();
      const condition = this.peekWord() === "if" ? (this.word(), this.expression()) : null;
      this.expect("]");
      return { t: "forTuple", ...head, value, condition };
    }
    const items = [];
    while (!this.eat("]")) {
      items.push(this.expression());
      if (!this.eat(",") && !this.peek("]")) this.fail("expected , or ]");
    }
    return { t: "tuple", items };
  }

  object() {
    this.expect("{");
    if (this.peekWord() === "for") {
      const head = this.forHeader();
      const key = this.expression();
      this.expect("=>");
      const value = this.expression();
      const group = this.eat("...");
      const condition = this.peekWord() === "if" ? (this.word(), this.expression()) : null;
      this.expect("}");
      return { t: "forObject", ...head, key, value, group, condition };
    }
    const entries = [];
    while (!this.eat("}")) {
      let key;
      if (this.peek('"')) key = this.template();
      else if (this.peek("(")) key = this.primary();
      else key = { t: "lit", value: this.word() };
      if (!this.eat("=")) this.expect(":");
      entries.push([key, this.expression()]);
      this.eat(",");
    }
    return { t: "object", entries };
  }
}

/** Parses one expression's source text. */
export function parseExpression(src) {
  const parser = new Parser(src);
  const node = parser.expression();
  if (!parser.atEnd()) parser.fail("unexpected text after the expression");
  return node;
}

