/**
 * Who is calling and what they may do, shared by both services: token validation, roles, the actor, and
 * problem+json for 401 and 403. The endpoint rules stay in each service, next to its endpoints.
 */
package org.kronika.security;
