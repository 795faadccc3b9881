/**
 * Topic names, CloudEvents conventions and the JSON configuration shared by every service.
 */
package dev.mpmarketplace.events;
