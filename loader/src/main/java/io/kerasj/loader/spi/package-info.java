/**
 * The service-provider interface for kerasj plugins: {@link
 * io.kerasj.loader.spi.CustomObjectsProvider}, published through {@link java.util.ServiceLoader},
 * contributes factories for custom Keras layers and cells.
 */
package io.kerasj.loader.spi;
