package io.ingestops.nativecheck;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/** Injected error: a substitution for a method the service does not have (bin/native-check --inject). */
@TargetClass(className = "io.ingestops.ingest.extract.PdfExtractor")
final class Target_PdfExtractor {

    @Substitute
    private void methodThatDoesNotExist() {}
}
