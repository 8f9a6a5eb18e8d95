package io.ingestops.ingest.extract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * HTML: the visible text of the body only; scripts, styles and other invisible parts are dropped.
 * The page is parsed into a tree in memory, so its size is bounded ({@code ingest.limits.html-bytes}).
 */
final class HtmlExtractor implements Extractor {

    private static final String INVISIBLE =
            "script, style, noscript, template, svg, canvas, iframe, object, head," + " [hidden], [aria-hidden=true]";

    @Override
    public void extract(Path file, TextSink sink, ExtractionLimits limits) throws IOException {
        long size = Files.size(file);
        if (size > limits.htmlBytes()) {
            throw new TooLargeException("the HTML file is " + size + " bytes; at most " + limits.htmlBytes()
                    + " (ingest.limits.html-bytes)");
        }
        Document html = Jsoup.parse(file.toFile(), null);
        html.select(INVISIBLE).remove();
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new BlockText(text), html.body());
        sink.append(text.toString()
                .replaceAll("[ \\t\\x0B\\f\\r]+", " ")
                .replaceAll(" *\\n *", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip());
    }

    /** Collects text nodes, with a paragraph break around every block element. */
    private record BlockText(StringBuilder out) implements NodeVisitor {
        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode text) {
                out.append(text.text());
            } else if (node instanceof Element element && element.nameIs("br")) {
                out.append('\n');
            } else if (node instanceof Element element && element.isBlock()) {
                out.append("\n\n");
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node instanceof Element element && element.isBlock()) {
                out.append("\n\n");
            }
        }
    }
}
