package uk.gov.council.carefrontdoor.engine;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationResult;
import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST API answers only callers who sign in (HTTP basic, checked against the engine's users), and acts as them,
 * so the engine's authorizations decide what each may do. Nothing on /engine-rest is open, even on the host. The
 * technical user is checked against its configured password (TechnicalUser.signsIn), so wrong guesses at it are
 * refused without locking the service out.
 */
@Configuration
public class RestAuthentication {

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthenticationFilter() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("care-front-door-rest-authentication");
    registration.addInitParameter(ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM, BasicAuthentication.class.getName());
    registration.addUrlPatterns("/engine-rest/*");
    return registration;
  }

  /** HTTP basic against the engine's users, except the technical user (see above). */
  public static class BasicAuthentication extends HttpBasicAuthenticationProvider {

    /** The technical user is in no group and no tenant: said here, so no request looks them up in the database. */
    @Override
    public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
      AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
      if (result.isAuthenticated() && TechnicalUser.isTechnicalUser(result.getAuthenticatedUser())) {
        result.setGroups(List.of());
        result.setTenants(List.of());
      }
      return result;
    }

    @Override
    protected boolean isAuthenticated(ProcessEngine engine, String userName, String password) {
      return TechnicalUser.isTechnicalUser(userName) ? TechnicalUser.signsIn(userName, password) : super.isAuthenticated(engine, userName, password);
    }
  }
}
