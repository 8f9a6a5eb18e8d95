package io.ingestops.ingest.extract;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;

/** Chooses the extractor for a file by its name, else by its declared content type. */
@ApplicationScoped
public class Extractors {

    private final Extractor plainText = new PlainTextExtractor();
    private final Extractor html = new HtmlExtractor();
    private final Extractor pdf = new PdfExtractor();

    public Optional<Extractor> forFile(String filename, String contentType) {
        String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (name.endsWith(".txt") || name.endsWith(".text") || name.endsWith(".md") || name.endsWith(".markdown")) {
            return Optional.of(plainText);
        }
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            return Optional.of(html);
        }
        if (name.endsWith(".pdf")) {
            return Optional.of(pdf);
        }
        if (type.startsWith("text/html")) {
            return Optional.of(html);
        }
        if (type.startsWith("application/pdf")) {
            return Optional.of(pdf);
        }
        if (type.startsWith("text/plain") || type.startsWith("text/markdown")) {
            return Optional.of(plainText);
        }
        return Optional.empty();
    }
}
