/**
 * Who is calling and what they may do, shared by both services: token validation, roles, the actor, and
 * problem+json, whose one writer is {@link org.kronika.security.Problem}. The endpoint rules stay in each service, next to its endpoints.
 */
package org.kronika.security;
