package dev.partita.graph;

/** A listener also told when a computed value is dropped because its last dependent has run (a test hook). */
interface ReleaseListener extends SchedulerListener {
    void onRelease(String key);
}
