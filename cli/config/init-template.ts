/** The commented config written by `kelos init`. */
export const CONFIG_TEMPLATE = `# Kelos CLI configuration (read by every kelos command).
# Values given on the command line win over the values here.

# Credentials for the agent. Set exactly one of oauthToken or apiKey.
# A value may be the secret itself, @<file> to read it from a file
# (~ is expanded, e.g. @~/.codex/auth.json), or none for an empty value.
oauthToken: ""
# apiKey: ""

# Agent type: claude-code (default), codex, gemini or opencode.
# type: claude-code

# Model passed to the agent.
# model: ""

# Namespace for kelos resources (default: the kubeconfig context's namespace).
# namespace: default

# Workspace the agent clones: either an existing Workspace by name...
# workspace:
#   name: my-workspace
# ...or an inline repository that kelos run turns into the Workspace
# "kelos-workspace" (with an optional token for private repositories).
# workspace:
#   repo: https://github.com/your-org/your-repo.git
#   ref: main
#   token: ""

# AgentConfig (instructions, skills, MCP servers) to attach to every Task.
# agentConfig: my-agent-config

# Use an existing credentials Secret instead of oauthToken/apiKey.
# secret: my-credentials
# credentialType: api-key
`;

export function nextSteps(path: string): string {
  return [
    `Config file created: ${path}`,
    '',
    'Next steps:',
    `  1. Edit ${path} and set oauthToken or apiKey`,
    '  2. Install kelos into your cluster: kelos install',
    '  3. Run a task: kelos run -p "Fix the failing test" -w',
    '  4. Follow its logs: kelos logs <task-name> -f',
    '',
  ].join('\n');
}
