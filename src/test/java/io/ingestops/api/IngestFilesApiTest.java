package io.ingestops.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.ingestops.ingest.TempFiles;
import io.ingestops.ingest.UploadJanitor;
import io.ingestops.reaper.ReaperScheduler;
import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SampleFiles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.specification.MultiPartSpecification;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IngestFilesApiTest extends ApiTest {

    @Inject
    TempFiles tempFiles;

    @Inject
    UploadJanitor janitor;

    @Inject
    ReaperScheduler reapers;

    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploadsDirectory;

    @AfterEach
    void noTemporaryFileIsLeft() {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> files(tempFiles.workDir()) == 0 && files(Path.of(uploadsDirectory)) == 0);
    }

    private static long files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            // the scratch folder's lock file stays while the process lives
            return all.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().equals(".owner"))
                    .count();
        }
    }

    private static MultiPartSpecification file(String name, byte[] content, String type) {
        return new MultiPartSpecBuilder(content)
                .controlName("file")
                .fileName(name)
                .mimeType(type)
                .build();
    }

    private static MultiPartSpecification file(String name, String content, String type) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), type);
    }

    private static RequestSpecification upload(String collection) {
        return given().auth().oauth2(ACME).multiPart("collection", collection).queryParam("sync", true);
    }

    @Test
    void textMarkdownHtmlAndPdfAreExtractedAndSearchable() {
        upload("files")
                .multiPart(file("notes.txt", "Plain notes about lighthouses.", "text/plain"))
                .multiPart(file("guide.md", "# Guide\n\nMarkdown about submarines.", "text/markdown"))
                .multiPart(file("page.html", SampleFiles.html("volcanoes"), "text/html"))
                .multiPart(file("report.pdf", SampleFiles.pdf("glaciers", "deserts", "rainforests"), "application/pdf"))
                .multiPart("metadata", "{\"team\": \"docs\"}")
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(200)
                .body("type", equalTo("ingest_files"))
                .body("status", equalTo("completed"))
                .body("progress.total_items", equalTo(4))
                .body("result.documents_added", equalTo(4))
                .body("result.documents_failed", equalTo(0));

        for (String[] expected : new String[][] {
            {"lighthouses", "notes.txt"},
            {"submarines", "guide.md"},
            {"volcanoes", "page.html"},
            {"deserts", "report.pdf"}
        }) {
            as(ACME).get("/api/v1/collections/files/search?q=" + expected[0])
                    .then()
                    .body("results", hasSize(1))
                    .body("results[0].source_id", equalTo(expected[1]));
        }
        // every PDF page was read
        as(ACME).get("/api/v1/collections/files/search?q=rainforests").then().body("results", hasSize(1));
        for (String invisible : new String[] {
            "scriptword", "stylesheetword", "inlinescriptword", "headtitleword", "hiddenword", "noscriptword"
        }) {
            as(ACME).get("/api/v1/collections/files/search?q=" + invisible)
                    .then()
                    .body("results", hasSize(0));
        }
        assertThat(db.count("SELECT count(*) FROM document WHERE metadata ->> 'team' = 'docs'"))
                .isEqualTo(4);
    }

    @Test
    void aCorruptOrUnsupportedFileIsAPerItemFailureAndTheOthersSucceed() {
        upload("mixed")
                .multiPart(file("broken.pdf", "%PDF-1.7 this is not really a pdf", "application/pdf"))
                .multiPart(file("image.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png"))
                .multiPart(file("empty.txt", "   ", "text/plain"))
                .multiPart(file("good.txt", "A perfectly fine file about penguins.", "text/plain"))
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("result.documents_added", equalTo(1))
                .body("result.documents_failed", equalTo(3))
                .body("progress.failed_items", equalTo(3))
                .body("result.failures.item", hasItem("broken.pdf"))
                .body("result.failures.item", hasItem("image.png"))
                .body("result.failures.item", hasItem("empty.txt"))
                .body("result.failures.find { it.item == 'broken.pdf' }.reason", containsString("PDF"))
                .body("result.failures.find { it.item == 'image.png' }.reason", containsString("unsupported"));
        as(ACME).get("/api/v1/collections/mixed/search?q=penguins").then().body("results", hasSize(1));
    }

    @Test
    void anEncryptedPdfIsAPerItemFailureThatSaysSoWhicheverItsSecurityHandler() {
        upload("locked")
                .multiPart(file("password.pdf", SampleFiles.passwordProtectedPdf("walrus"), "application/pdf"))
                // certificate encryption: PDFBox would need Bouncy Castle, which the service does not ship
                .multiPart(file("certificate.pdf", SampleFiles.pdfEncryptedWith("Adobe.PubSec"), "application/pdf"))
                .multiPart(file("unknown.pdf", SampleFiles.pdfEncryptedWith("Vendor.Lock"), "application/pdf"))
                .multiPart(file("open.pdf", SampleFiles.pdf("penguins"), "application/pdf"))
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(200)
                .body("status", equalTo("completed"))
                .body("result.documents_added", equalTo(1))
                .body("result.documents_failed", equalTo(3))
                .body("result.failures.find { it.item == 'password.pdf' }.reason", equalTo("the PDF is encrypted"))
                .body(
                        "result.failures.find { it.item == 'certificate.pdf' }.reason",
                        equalTo("the PDF is encrypted (security handler Adobe.PubSec)"))
                .body(
                        "result.failures.find { it.item == 'unknown.pdf' }.reason",
                        equalTo("the PDF is encrypted (security handler Vendor.Lock)"));
        as(ACME).get("/api/v1/collections/locked/search?q=penguins").then().body("results", hasSize(1));
    }

    @Test
    void aFileOverTheLimitIs413AndNothingIsStored() {
        // the %test profile allows 1 MiB per file
        given().auth()
                .oauth2(ACME)
                .multiPart("collection", "big")
                .multiPart(file("big.txt", "a".repeat(1024 * 1024 + 1), "text/plain"))
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("payload_too_large"));
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
        assertThat(db.count("SELECT count(*) FROM upload")).isZero();
    }

    @Test
    void missingPartsAreRefused() {
        given().auth()
                .oauth2(ACME)
                .multiPart("collection", "c")
                .multiPart("metadata", "{}")
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("file"));
        given().auth()
                .oauth2(ACME)
                .multiPart("collection", "c")
                .multiPart(file("a.txt", "x", "text/plain"))
                .multiPart("other", "x")
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("other"))
                .body("errors.message", hasItem("unknown field"));
        given().auth()
                .oauth2(ACME)
                .multiPart(file("a.txt", "x", "text/plain"))
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("collection"));
        given().auth()
                .oauth2(ACME)
                .multiPart("collection", "c")
                .multiPart(file("a.txt", "x", "text/plain"))
                .multiPart("metadata", "[1,2]")
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("metadata"));
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
    }

    @Test
    void sameFileAgainIsUnchangedAndAChangedFileReplacesItsChunks() {
        upload("kb")
                .multiPart(file("faq.txt", longText(3), "text/plain"))
                .post("/api/v1/ingest/files")
                .then()
                .body("result.documents_added", equalTo(1));
        upload("kb")
                .multiPart(file("faq.txt", longText(3), "text/plain"))
                .post("/api/v1/ingest/files")
                .then()
                .body("result.documents_unchanged", equalTo(1))
                .body("result.chunks_created", equalTo(0));
        upload("kb")
                .multiPart(file("faq.txt", "Now a short answer about otters.", "text/plain"))
                .post("/api/v1/ingest/files")
                .then()
                .body("result.documents_updated", equalTo(1))
                .body("result.chunks_created", equalTo(1));
        assertThat(db.count("SELECT count(*) FROM chunk")).isEqualTo(1);
        as(ACME).get("/api/v1/collections/kb/search?q=otters").then().body("results", hasSize(1));
    }

    @Test
    void anIdempotentReplayOfAnUploadReturnsTheOriginalAndStoresNoSecondCopy() {
        String first = given().auth()
                .oauth2(ACME)
                .header("Idempotency-Key", "upload-1")
                .multiPart("collection", "c")
                .multiPart(file("a.txt", "same bytes", "text/plain"))
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        given().auth()
                .oauth2(ACME)
                .header("Idempotency-Key", "upload-1")
                .multiPart("collection", "c")
                .multiPart(file("a.txt", "same bytes", "text/plain"))
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(202)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first));
        given().auth()
                .oauth2(ACME)
                .header("Idempotency-Key", "upload-1")
                .multiPart("collection", "c")
                .multiPart(file("a.txt", "other bytes", "text/plain"))
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(422);
        assertThat(db.count("SELECT count(*) FROM upload")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> as(ACME).get("/api/v1/operations/" + first)
                .path("status")
                .equals("completed"));
    }

    @Test
    void uploadsOutliveTheirOperationOnlyUntilRetentionDeletesIt() {
        String id = upload("c")
                .multiPart(file("a.txt", "kept for retries", "text/plain"))
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        reapers.pause(); // the counts must be this test's own calls (the janitor runs with the reapers)
        try {
            db.execute("UPDATE upload SET created_at = now() - interval '2 hours'");
            assertThat(janitor.runOnce()).isZero(); // its operation still names it
            db.execute("DELETE FROM operation WHERE id = '" + id + "'");
            assertThat(janitor.runOnce()).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM upload_part")).isZero();
        } finally {
            reapers.resume();
        }
    }
}
