/**
 * The Project aggregate and its rules. Plain Java plus Axon's handler annotations: no Spring here (an
 * architecture test guards it), so the rules can be read and tested without a container.
 */
package org.kronika.command.project;
