package org.kronika.query.dashboard.signin;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignInPropertiesTest {

    /** A manifest's placeholder left in place stops the service naming the setting, not in a Base64 decoder's words. */
    @Test
    void aCookieKeyThatIsNoBase64IsRefusedNamingItsSetting() {
        assertThatThrownBy(() -> key("change-me").cookieKeyBytes()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KRONIKA_SIGN_IN_COOKIE_KEY").hasMessageContaining("openssl rand -base64 32");
        byte[] random = new byte[32];
        assertThat(key(" " + Base64.getEncoder().encodeToString(random) + "\n").cookieKeyBytes()).isEqualTo(random);
        assertThat(key("").cookieKeyBytes()).as("none: each instance draws its own").isNull();
    }

    private static SignInProperties key(String cookieKey) {
        return new SignInProperties(null, null, null, null, null, null, null, cookieKey);
    }
}
