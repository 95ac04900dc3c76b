package io.exemplars.springdemo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot web application with the OpenTelemetry Spring Boot starter and our
 * {@code reservoir-otel-autoconfigure} module on its class path, and nothing else: its exemplar
 * reservoir is chosen in {@code application.properties} ({@code otel.exemplars.*}), like every
 * other OpenTelemetry setting of the starter.
 */
@SpringBootApplication
public class SpringDemoApplication {
    /**
     * @param args Spring Boot's arguments
     */
    public static void main(final String[] args) {
        SpringApplication.run(SpringDemoApplication.class, args);
    }
}
