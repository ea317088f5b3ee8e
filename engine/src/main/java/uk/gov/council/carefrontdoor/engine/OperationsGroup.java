package uk.gov.council.carefrontdoor.engine;

import java.util.List;

import org.operaton.bpm.engine.AuthorizationService;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.authorization.Authorization;
import org.operaton.bpm.engine.authorization.Permission;
import org.operaton.bpm.engine.authorization.Permissions;
import org.operaton.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.operaton.bpm.engine.authorization.ProcessInstancePermissions;
import org.operaton.bpm.engine.authorization.Resource;
import org.operaton.bpm.engine.authorization.Resources;
import org.operaton.bpm.engine.authorization.TaskPermissions;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.stereotype.Component;

/**
 * The group operations staff are put in (group id "operations"): Cockpit, every journey, incident and timer, and
 * retrying an incident; tasks may be seen but not claimed, completed or given variables, so a task is completed only
 * through the service, which checks what is entered. Its authorizations are set again on every start, so what is
 * granted is what this file says. Staff are never made members of operaton-admin, whose members bypass authorizations.
 */
@Component
public class OperationsGroup extends AbstractProcessEnginePlugin {

  public static final String ID = "operations";

  private record Grant(Resource resource, String resourceId, List<Permission> permissions) {}

  private static final List<Grant> GRANTS = List.of(
      new Grant(Resources.APPLICATION, "cockpit", List.of(Permissions.ACCESS)),
      new Grant(Resources.PROCESS_DEFINITION, Authorization.ANY, List.of(
          ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
          ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.UPDATE_INSTANCE, ProcessDefinitionPermissions.RETRY_JOB)),
      // Retrying an external task's incident is an update of its process instance.
      new Grant(Resources.PROCESS_INSTANCE, Authorization.ANY, List.of(
          ProcessInstancePermissions.READ, ProcessInstancePermissions.UPDATE, ProcessInstancePermissions.RETRY_JOB)),
      new Grant(Resources.TASK, Authorization.ANY, List.of(TaskPermissions.READ, TaskPermissions.READ_HISTORY)),
      new Grant(Resources.DECISION_DEFINITION, Authorization.ANY, List.of(Permissions.READ, Permissions.READ_HISTORY)),
      new Grant(Resources.DECISION_REQUIREMENTS_DEFINITION, Authorization.ANY, List.of(Permissions.READ)),
      new Grant(Resources.DEPLOYMENT, Authorization.ANY, List.of(Permissions.READ)));

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    if (identity.createGroupQuery().groupId(ID).count() == 0) {
      Group group = identity.newGroup(ID);
      group.setName("Operations staff");
      group.setType("WORKFLOW");
      identity.saveGroup(group);
    }
    AuthorizationService authorizations = engine.getAuthorizationService();
    for (Grant grant : GRANTS) {
      Grants.set(authorizations, null, ID, grant.resource(), grant.resourceId(), grant.permissions());
    }
  }
}
