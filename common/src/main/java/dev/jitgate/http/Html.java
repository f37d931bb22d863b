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
        body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}
        dt{font-weight:600}dd{margin:0;white-space:pre-wrap;word-break:break-word}
        textarea{width:100%%;min-height:4rem;box-sizing:border-box}
        button{font-size:1rem;padding:.5rem 1.25rem;margin:.75rem .5rem 0 0;cursor:pointer}
        .approve{background:#1a7f37;color:#fff;border:0}.deny{background:#cf222e;color:#fff;border:0}
        .note{color:#57606a}
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
