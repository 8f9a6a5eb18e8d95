package io.ingestops.ingest.extract;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/** PDF: the text of each page, pages separated by blank lines (PDFBox 3, reading from the file, not memory). */
final class PdfExtractor implements Extractor {

    @Override
    public String extract(Path file) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            StringBuilder text = new StringBuilder();
            for (int page = 1; page <= pdf.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String pageText = stripper.getText(pdf).strip();
                if (!pageText.isEmpty()) {
                    text.append(pageText).append("\n\n");
                }
            }
            return text.toString().strip();
        } catch (InvalidPasswordException e) {
            throw new UnreadableFileException("the PDF is encrypted");
        } catch (IOException e) {
            throw new UnreadableFileException("not a readable PDF: the file is damaged or not a PDF");
        }
    }
}
