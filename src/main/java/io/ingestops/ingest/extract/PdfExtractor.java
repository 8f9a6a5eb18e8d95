package io.ingestops.ingest.extract;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * PDF: the text of each page, pages separated by blank lines (PDFBox 3). Bounded: PDFBox reads the
 * file from disk and caches new streams in scratch files; before any page is parsed, every stream
 * text extraction will decode is measured as a stream against {@code pdf-stream-bytes}
 * ({@link PdfStreamCheck}: PDFBox itself would decode it into memory, so a decompression bomb must
 * stop here); pages are counted against {@code pdf-pages}, each page's glyphs against
 * {@link ExtractionLimits#PAGE_CHARS}, and the text against {@code extracted-chars}. The job's
 * checkpoint (cancel, deadline, shutdown) runs between pages and between measured streams.
 */
final class PdfExtractor implements Extractor {

    @Override
    public void extract(Path file, TextSink sink, ExtractionLimits limits) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(file.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
            int pages = pdf.getNumberOfPages();
            if (pages > limits.pdfPages()) {
                throw new TooLargeException(
                        "the PDF has " + pages + " pages; at most " + limits.pdfPages() + " (ingest.limits.pdf-pages)");
            }
            new PdfStreamCheck(limits.pdfStreamBytes(), sink::checkpoint).check(pdf);
            BoundedStripper stripper = new BoundedStripper();
            for (int page = 1; page <= pages; page++) {
                sink.checkpoint();
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String pageText = stripper.getText(pdf).strip();
                if (!pageText.isEmpty()) {
                    sink.append(pageText);
                    sink.append("\n\n");
                }
            }
        } catch (InvalidPasswordException e) {
            throw new UnreadableFileException("the PDF is encrypted");
        } catch (NoClassDefFoundError e) {
            // PDFBox opens certificate-encrypted PDFs with Bouncy Castle, which the service does not
            // ship; the JVM finds out only when it links that handler (a native image never has it:
            // PdfBoxNativeSubstitutions)
            if (String.valueOf(e.getMessage()).startsWith("org/bouncycastle/")) {
                throw new UnreadableFileException("the PDF is encrypted (security handler Adobe.PubSec)");
            }
            throw e;
        } catch (UnreadableFileException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            RuntimeException stop = sink.stop();
            if (stop != null) {
                throw stop; // the job was stopped at a checkpoint: not the file's fault
            }
            String handler = unknownSecurityHandler(e);
            if (handler != null) {
                throw new UnreadableFileException("the PDF is encrypted (security handler " + handler + ")");
            }
            if (e.getCause() instanceof UnreadableFileException budget) {
                throw budget; // PDFBox wraps what a callback throws
            }
            // malformed files make PDFBox throw all kinds of runtime exceptions: each is this file's failure
            throw new UnreadableFileException("not a readable PDF: the file is damaged or not a PDF");
        }
    }

    /**
     * The security handler PDFBox found no implementation for, or null: its message is stable (Apache
     * Tika reads it too, TIKA-4082). The name comes from the file, so only a short, plain part of it
     * is repeated.
     */
    private static String unknownSecurityHandler(Throwable e) {
        String prefix = "No security handler for filter ";
        String message = e instanceof IOException ? e.getMessage() : null;
        if (message == null || !message.startsWith(prefix)) {
            return null;
        }
        String name = message.substring(prefix.length()).replaceAll("[^A-Za-z0-9._-]", "?");
        return name.length() <= 64 ? name : name.substring(0, 64) + "...";
    }

    /** Stops a page whose glyphs exceed {@link ExtractionLimits#PAGE_CHARS} while they are collected. */
    private static final class BoundedStripper extends PDFTextStripper {

        private int pageGlyphs;

        @Override
        protected void startPage(org.apache.pdfbox.pdmodel.PDPage page) throws IOException {
            pageGlyphs = 0;
            super.startPage(page);
        }

        @Override
        protected void processTextPosition(TextPosition text) {
            if (++pageGlyphs > ExtractionLimits.PAGE_CHARS) {
                throw new TooLargeException(
                        "a page of the PDF holds more than " + ExtractionLimits.PAGE_CHARS + " characters of text");
            }
            super.processTextPosition(text);
        }
    }
}
