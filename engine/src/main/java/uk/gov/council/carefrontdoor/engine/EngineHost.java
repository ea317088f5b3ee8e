package uk.gov.council.carefrontdoor.engine;

import java.util.TimeZone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The care front door's engine host: Operaton's engine, REST API and web apps (Cockpit, Tasklist, Admin) in one
 * Spring Boot application. Started by the service (src/engine/host.ts) or run as a node of a cluster on one
 * PostgreSQL database (docker-compose.yml).
 */
@SpringBootApplication
public class EngineHost {

  public static void main(String[] args) {
    // Timers, cron cycles and dates without a zone are the council's local time, whatever the machine's zone.
    TimeZone.setDefault(TimeZone.getTimeZone(System.getProperty("user.timezone", "Europe/London")));
    SpringApplication.run(EngineHost.class, args);
  }
}
