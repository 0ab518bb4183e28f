package org.kronika.auth;

import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Spring Authorization Server's in-memory store of sign-ins under way, used one call at a time. Its own walks the map
 * of codes not yet exchanged without that map's lock, so a code exchanged while another sign-in's is issued or
 * exchanged could throw ConcurrentModificationException: the token endpoint answered 500 and that sign-in failed (3
 * of 400 sign-ins 32 at a time, 1 of 420 at 8; spring-authorization-server issue 766). This server is for
 * `./run-local`, the tests and the benchmarks: a lock held for a map lookup costs them nothing.
 */
final class OneAtATimeAuthorizations implements OAuth2AuthorizationService {

    private final InMemoryOAuth2AuthorizationService memory = new InMemoryOAuth2AuthorizationService();

    @Override
    public synchronized void save(OAuth2Authorization authorization) {
        memory.save(authorization);
    }

    @Override
    public synchronized void remove(OAuth2Authorization authorization) {
        memory.remove(authorization);
    }

    @Override
    public synchronized OAuth2Authorization findById(String id) {
        return memory.findById(id);
    }

    @Override
    public synchronized OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return memory.findByToken(token, tokenType);
    }
}
