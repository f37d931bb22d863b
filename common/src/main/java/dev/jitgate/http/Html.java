package dev.jitgate.http;

/** HTML escaping, and the frame every jitgate page shares. */
public final class Html {
  private Html() {}

  /** Escapes text for an HTML element or a quoted attribute. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Words up to this long fit any line; longer ones get break points. */
  private static final int LONG_WORD = 24;

  /**
   * Escapes text and lets the browser break each long word (an ARN, a scope, an address) after its
   * {@code /} and {@code :} separators, so it wraps there rather than inside a name or off the
   * page. Short words such as {@code s3:GetObject} are left whole.
   */
  public static String wrappable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 32);
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || Character.isWhitespace(text.charAt(i))) {
        String word = escape(text.substring(start, i));
        out.append(
            i - start > LONG_WORD ? word.replace("/", "/<wbr>").replace(":", ":<wbr>") : word);
        if (i < text.length()) {
          out.append(text.charAt(i));
        }
        start = i + 1;
      }
    }
    return out.toString();
  }

  /** A complete page; {@code title} is escaped here, {@code body} must already be safe HTML. */
  static String page(String title, String body) {
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>%s · jitgate</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f;line-height:1.45}
        h1{font-size:1.4rem;line-height:1.3;overflow-wrap:anywhere}
        h2{font-size:.85rem;margin:1.5rem 0 .4rem;color:#57606a;text-transform:uppercase;letter-spacing:.05em}
        dl{display:grid;grid-template-columns:9.5rem minmax(0,1fr);gap:.4rem 1rem;margin:0}
        dt{font-weight:600;overflow-wrap:anywhere}dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
        dd ul{margin:0;padding-left:1.1rem;white-space:normal}ul{overflow-wrap:anywhere}
        .justification{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;border-left:3px solid #d0d7de;padding:.5rem .75rem;margin:0}
        textarea{width:100%%;min-height:4rem;box-sizing:border-box}
        button{font-size:1rem;padding:.5rem 1.25rem;margin:.75rem .5rem 0 0;cursor:pointer}
        .approve{background:#1a7f37;color:#fff;border:0}.deny{background:#cf222e;color:#fff;border:0}
        .note{color:#57606a}
        @media (max-width:32rem){body{margin:1rem auto}h1{font-size:1.2rem}dl{grid-template-columns:minmax(0,1fr);gap:0}dd{margin-bottom:.6rem}dd ul{padding-left:1.25rem}button{width:100%%;margin:.75rem 0 0}}
        </style>
        </head>
        <body>
        <h1>%s</h1>
        %s
        </body>
        </html>
        """
        .formatted(escape(title), wrappable(title), body);
  }
}
