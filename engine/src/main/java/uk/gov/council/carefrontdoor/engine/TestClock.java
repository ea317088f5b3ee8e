package uk.gov.council.carefrontdoor.engine;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.jobexecutor.JobExecutor;
import org.operaton.bpm.engine.impl.util.ClockUtil;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Moves this node's engine clock forward and wakes its job executor, so tests reach deadlines without sleeping.
 * Present only when the property care-front-door.test-clock is true, which only the tests set; otherwise the path
 * does not exist. Only the technical user may call it. The clock is per JVM: every node of a cluster is moved.
 */
@RestController
@ConditionalOnProperty(name = "care-front-door.test-clock", havingValue = "true")
public class TestClock {

  public record Move(long offsetMillis) {}

  private final ProcessEngine engine;
  private final String technicalUser;

  public TestClock(ProcessEngine engine, @Value("${care-front-door.technical-user.id}") String technicalUser) {
    this.engine = engine;
    this.technicalUser = technicalUser;
  }

  @GetMapping("/test-support/clock")
  public Map<String, Long> now(@RequestHeader(value = "Authorization", required = false) String authorization) {
    signedIn(authorization);
    return Map.of("epochMilli", ClockUtil.now().getTime());
  }

  @PostMapping("/test-support/clock")
  public synchronized Map<String, Long> move(@RequestHeader(value = "Authorization", required = false) String authorization, @RequestBody Move move) {
    signedIn(authorization);
    if (move.offsetMillis() < 0) throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the engine clock only moves forward");
    long offset = ClockUtil.now().getTime() - System.currentTimeMillis();
    long now = ClockUtil.offset(offset + move.offsetMillis()).getTime();
    JobExecutor jobExecutor = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
    if (jobExecutor != null) jobExecutor.jobWasAdded();
    return Map.of("epochMilli", now);
  }

  private void signedIn(String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
    String[] pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8).split(":", 2);
    // Against the configuration, not the engine's password check, which would lock the service out after wrong guesses.
    boolean ok = pair.length == 2 && pair[0].equals(technicalUser) && TechnicalUser.signsIn(pair[0], pair[1]);
    if (!ok) throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
  }
}
