package io.ironcore.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared system when the test run ends, while the JVM is still whole. Stopped from a JVM shutdown hook
 * instead, the services lost their database first (the embedded PostgreSQL's own hook runs at the same time), each
 * took several seconds more to stop, and the fork outlived surefire's 30 s after {@code System.exit}.
 */
public class SystemStopper implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        SharedSystem.stopIfStarted();
    }
}
