package dev.o2c.starter;

import dev.o2c.starter.config.O2cProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The starter: o2c's REST API. A Temporal client only: it starts, signals and queries workflows, and reads the
 * integration ledger; it never runs workflow or activity code (see {@code StarterArchitectureTest}).
 */
@SpringBootApplication
@EnableConfigurationProperties(O2cProperties.class)
public class StarterApplication {

    public static void main(String[] args) {
        SpringApplication.run(StarterApplication.class, args);
    }
}
