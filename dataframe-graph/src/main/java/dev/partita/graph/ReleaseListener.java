package dev.partita.graph;

/**
 * Internal, not API: a listener also told when a computed value is dropped because its last dependent has
 * run. The release rule has no public callback (values are not observable once dropped), so this
 * package-private hook is how this package's tests check that results do not pile up.
 */
interface ReleaseListener extends SchedulerListener {
    void onRelease(String key);
}
