package uk.gov.council.carefrontdoor.engine;

import java.util.Arrays;
import java.util.List;

import org.operaton.bpm.engine.AuthorizationService;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.authorization.Authorization;
import org.operaton.bpm.engine.authorization.Groups;
import org.operaton.bpm.engine.authorization.Permissions;
import org.operaton.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.operaton.bpm.engine.authorization.Resources;
import org.operaton.bpm.engine.authorization.TaskPermissions;
import org.operaton.bpm.engine.identity.User;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The web apps' first administrator (ENGINE_ADMIN_USER), created on the first start with ENGINE_ADMIN_PASSWORD. It
 * may do everything in Cockpit and Admin except work on tasks: it is granted each permission by name and is not a
 * member of operaton-admin, whose members bypass every authorization, so not even an administrator completes a task
 * with fields the service would refuse. Tasks are completed through the service.
 */
@Component
public class AdminUser extends AbstractProcessEnginePlugin {

  /** What may be done with a task beyond reading it: claim, complete, assign, set its variables. */
  private static final List<String> TASK_WORK = List.of(
      ProcessDefinitionPermissions.UPDATE_TASK.getName(), ProcessDefinitionPermissions.TASK_WORK.getName(),
      ProcessDefinitionPermissions.TASK_ASSIGN.getName(), ProcessDefinitionPermissions.UPDATE_TASK_VARIABLE.getName());

  private final String id;
  private final String password;

  public AdminUser(@Value("${care-front-door.admin-user.id}") String id, @Value("${care-front-door.admin-user.password}") String password) {
    this.id = id;
    this.password = password;
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setFirstName("Operations");
      user.setLastName("Administrator");
      user.setPassword(password);
      identity.saveUser(user);
    }
    // An engine first started before this file made the administrator a member of operaton-admin: no longer.
    if (identity.createUserQuery().userId(id).memberOfGroup(Groups.OPERATON_ADMIN).count() > 0) {
      identity.deleteMembership(id, Groups.OPERATON_ADMIN);
    }
    AuthorizationService authorizations = engine.getAuthorizationService();
    for (Resources resource : Resources.values()) {
      List<? extends org.operaton.bpm.engine.authorization.Permission> permissions = switch (resource) {
        case TASK -> List.of(TaskPermissions.READ, TaskPermissions.READ_HISTORY, TaskPermissions.READ_VARIABLE);
        case PROCESS_DEFINITION -> Arrays.stream(ProcessDefinitionPermissions.values())
            .filter(p -> p != ProcessDefinitionPermissions.ALL && p != ProcessDefinitionPermissions.NONE && !TASK_WORK.contains(p.getName()))
            .toList();
        default -> List.of(Permissions.ALL);
      };
      Grants.set(authorizations, id, null, resource, Authorization.ANY, permissions);
    }
  }
}
