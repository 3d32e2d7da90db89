package io.ironcore.scheduler;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The profile of every test here: the tick loop is off, tests drive the firer on the virtual clock. */
public class ManualLoop implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ironcore.scheduler.loop", "false");
    }
}
