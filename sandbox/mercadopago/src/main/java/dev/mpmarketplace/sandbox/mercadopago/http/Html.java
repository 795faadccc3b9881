package dev.mpmarketplace.sandbox.mercadopago.http;

/** Minimal HTML helpers for the sandbox's pages (consent, checkout, errors). */
public final class Html {

    private Html() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A whole page with the sandbox's banner, so nobody mistakes it for Mercado Pago. */
    public static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em}
                .banner{background:#ffe600;padding:.5em 1em;border-radius:4px}
                button{font-size:1em;padding:.4em 1.2em;margin-right:.5em}</style></head>
                <body><p class="banner">Mercado Pago <strong>sandbox</strong>: not the real Mercado Pago.</p>
                <h1>%s</h1>
                %s
                </body></html>
                """.formatted(escape(title), escape(title), body);
    }

    public static String hidden(String name, String value) {
        return value == null
                ? ""
                : "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }
}
