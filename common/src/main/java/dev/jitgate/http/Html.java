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
        dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.4rem 1rem;margin:0}
        dt{font-weight:600}dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
        dd ul{margin:0;padding-left:1.1rem;white-space:normal}ul{overflow-wrap:anywhere}
        .justification{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;border-left:3px solid #d0d7de;padding:.5rem .75rem;margin:0}
        textarea{width:100%%;min-height:4rem;box-sizing:border-box}
        button{font-size:1rem;padding:.5rem 1.25rem;margin:.75rem .5rem 0 0;cursor:pointer}
        .approve{background:#1a7f37;color:#fff;border:0}.deny{background:#cf222e;color:#fff;border:0}
        .note{color:#57606a}
        @media (max-width:32rem){body{margin:1rem auto}dl{grid-template-columns:minmax(0,1fr);gap:0}dd{margin-bottom:.6rem}button{width:100%%;margin:.75rem 0 0}}
        </style>
        </head>
        <body>
        <h1>%s</h1>
        %s
        </body>
        </html>
        """
        .formatted(escape(title), escape(title), body);
  }
}
