package io.ingestops.nativecheck;

/**
 * Injected error: a class initialized at build time whose static initializer starts a thread, so
 * the image heap would hold a running thread (bin/native-check --inject; {@link ReadsStartedThread}
 * marks the field as read, as code of the application reading it would).
 */
public final class StartedThreadAtBuildTime {

    static final Thread WORKER = startWorker();

    private StartedThreadAtBuildTime() {}

    private static Thread startWorker() {
        Thread worker = new Thread(() -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "started-at-build-time");
        worker.setDaemon(true);
        worker.start();
        return worker;
    }
}
