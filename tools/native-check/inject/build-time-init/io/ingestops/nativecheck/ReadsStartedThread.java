package io.ingestops.nativecheck;

import org.graalvm.nativeimage.hosted.Feature;

/** Makes the injected {@link StartedThreadAtBuildTime#WORKER} part of the image heap. */
public final class ReadsStartedThread implements Feature {

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        try {
            access.registerAsAccessed(StartedThreadAtBuildTime.class.getDeclaredField("WORKER"));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
