package io.ironcore.eventing.rebuild;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTokenTest {
    @Test
    void onlyTheConfiguredBearerTokenIsAllowedAndNoTokenTurnsTheEndpointsOff() {
        Optional<String> token = Optional.of("s3cret");
        assertThat(AdminToken.check(token, "Bearer s3cret")).isEqualTo(AdminToken.Check.ALLOWED);
        assertThat(AdminToken.check(token, "Bearer s3cret2")).isEqualTo(AdminToken.Check.NOT_AUTHENTICATED);
        assertThat(AdminToken.check(token, "s3cret")).isEqualTo(AdminToken.Check.NOT_AUTHENTICATED);
        assertThat(AdminToken.check(token, null)).isEqualTo(AdminToken.Check.NOT_AUTHENTICATED);
        assertThat(AdminToken.check(Optional.empty(), "Bearer s3cret")).isEqualTo(AdminToken.Check.NOT_CONFIGURED);
        assertThat(AdminToken.check(Optional.of(" "), "Bearer  ")).isEqualTo(AdminToken.Check.NOT_CONFIGURED);
    }
}
