package uk.gov.council.carefrontdoor.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import org.operaton.bpm.engine.AuthorizationService;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.authorization.Authorization;
import org.operaton.bpm.engine.authorization.Groups;
import org.operaton.bpm.engine.authorization.Permissions;
import org.operaton.bpm.engine.authorization.Resources;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.User;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The user the care front door service signs in to the REST API as. It holds every permission on every resource,
 * granted to it by name: the service applies the council's own rules (who may see, claim and complete a task)
 * before it calls the engine. Its password is set from configuration on every start, so changing it there is enough.
 */
@Component
public class TechnicalUser extends AbstractProcessEnginePlugin {

  private static volatile String configuredId;
  private static volatile byte[] configuredPassword;

  private final String id;
  private final String password;

  public TechnicalUser(@Value("${care-front-door.technical-user.id}") String id,
                       @Value("${care-front-door.technical-user.password}") String password) {
    this.id = id;
    this.password = password;
    configuredId = id;
    configuredPassword = password.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether this is the technical user's id. */
  public static boolean isTechnicalUser(String userId) {
    return configuredId != null && configuredId.equals(userId);
  }

  /**
   * Whether these are the technical user's id and password, compared with the configuration in constant time. Not
   * through the engine's password check: that locks a user out for seconds after a wrong guess, and for good after
   * ten, so anyone who can reach the REST API could lock the service out of its own engine.
   */
  public static boolean signsIn(String userId, String password) {
    byte[] expected = configuredPassword;
    return isTechnicalUser(userId) && expected != null && password != null
      && MessageDigest.isEqual(expected, password.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The engine's permission checks on single things (a task completed, a process started) are skipped for the technical
   * user (an engine "admin user", by name, in no admin group): it holds every permission anyway. Its list queries still
   * carry the authorization join: Operaton 1.0's AuthorizationManager filters queries for any signed-in user, admin or
   * not (isAuthCheckExecuted does not ask), so they rely on the database's statistics to stay fast.
   */
  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<String> admins = new ArrayList<>(configuration.getAdminUsers() == null ? List.of() : configuration.getAdminUsers());
    if (!admins.contains(id)) admins.add(id);
    configuration.setAdminUsers(admins);
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    User user = identity.createUserQuery().userId(id).singleResult();
    if (user == null) {
      user = identity.newUser(id);
      user.setFirstName("Care front door");
      user.setLastName("service");
    }
    user.setPassword(password);
    identity.saveUser(user);

    AuthorizationService authorizations = engine.getAuthorizationService();
    for (Resources resource : Resources.values()) {
      Grants.set(authorizations, id, null, resource, Authorization.ANY, List.of(Permissions.ALL));
    }

    // While operaton-admin has no member, the Admin web app offers anyone who reaches it, signed in or not, to create
    // a first user in it, who would bypass every authorization. The technical user, which holds every permission
    // already, is its one member, so that offer is never open.
    if (identity.createGroupQuery().groupId(Groups.OPERATON_ADMIN).count() == 0) {
      Group admins = identity.newGroup(Groups.OPERATON_ADMIN);
      admins.setName("operaton BPM Administrators");
      admins.setType(Groups.GROUP_TYPE_SYSTEM);
      identity.saveGroup(admins);
    }
    if (identity.createUserQuery().userId(id).memberOfGroup(Groups.OPERATON_ADMIN).count() == 0) {
      identity.createMembership(id, Groups.OPERATON_ADMIN);
    }
  }
}
