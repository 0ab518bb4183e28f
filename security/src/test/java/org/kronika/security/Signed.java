package org.kronika.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Instant;
import java.util.Date;

/** Tokens signed as an issuer signs them, for the tests. */
final class Signed {

    static final RSAKey ISSUER_KEY = generate("issuer-1");
    static final RSAKey OTHER_KEY = generate("issuer-2");

    private Signed() {
    }

    static JWTClaimsSet.Builder claims(String issuer, String audience, String subject) {
        return new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(subject)
                .claim("role", "recorder").claim("organisation", "kec")
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)));
    }

    static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey generate(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
