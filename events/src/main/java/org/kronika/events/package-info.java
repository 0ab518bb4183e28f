/**
 * Kronika's public event contract. Partners and the query service depend on this package (or on the JSON it
 * describes) and nothing else; it must stay free of framework code.
 */
package org.kronika.events;
