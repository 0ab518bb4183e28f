/**
 * What both services tell operators beyond their own metrics, configured for every service that has this module
 * on its class path (a Spring Boot auto-configuration), so neither service has to remember to add it.
 */
package org.kronika.operations;
