// Help text beyond the flags: examples, where credentials come from, and the exit codes.
import { KEY_USAGES } from '../kms/types.js';

export const EXIT_CODES_HELP = `Exit codes:
  0    the key was created
  1    an unexpected error inside kms (a bug: please report it)
  2    usage error or invalid input; nothing was sent
  3    configuration or credentials missing or unreadable; nothing was sent
  4    the service refused the credentials or the permission
  5    the alias already exists
  6    throttled or over quota
  7    the service could not be reached, timed out, or did not answer as KMS
  8    any other error from the service
  9    the key was created but a following step (binding its tags, importing its material)
       did not complete; the key is on stdout
  130  interrupted`;

export const ENVIRONMENT_HELP = `Environment:
  TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY   credentials (never taken as flags)
  TENCENTCLOUD_SESSION_TOKEN (or TENCENTCLOUD_TOKEN)  token of temporary credentials
  TENCENTCLOUD_REGION                               region when --region is not given
  KMS_ENDPOINT                                      endpoint when --endpoint is not given
  KMS_PROFILE                                       config file profile when --profile is not given
  TCCLI_PROFILE                                     tccli profile when --profile is not given
  KMS_METADATA_URL                                  instance metadata service (--use-cvm-role)
  NO_COLOR, FORCE_COLOR                             colour on or off`;

export const CREATE_KEY_EXAMPLES = `Examples:
  $ kms create-key --alias app-key --region ap-guangzhou
  $ kms create-key --alias signer --usage ASYMMETRIC_SIGN_VERIFY_ECC --tag env=prod --tag team=pay
  $ KEY_ID=$(kms create-key --alias ci-key -q)
  $ kms create-key --alias app-key --json | jq -r .KeyId
  $ kms create-key --alias app-key --endpoint http://127.0.0.1:9000   # against kms emulator

Key usages:
  ${KEY_USAGES.join('\n  ')}

${ENVIRONMENT_HELP}

${EXIT_CODES_HELP}
`;

export const EMULATOR_HELP = `
The emulator checks TC3 signatures against one credential: by default
  TENCENTCLOUD_SECRET_ID=AKIDkmsEmulatorTestId000000000000000
  TENCENTCLOUD_SECRET_KEY=kmsEmulatorTestKey00000000000000
or the ones in KMS_EMULATOR_SECRET_ID, KMS_EMULATOR_SECRET_KEY (and KMS_EMULATOR_TOKEN).
It prints "KMS emulator listening on URL" on stdout and one line per request on stderr.

Example:
  $ kms emulator --port 9000 --state ./kms-state.json &
  $ kms create-key --alias demo --endpoint http://127.0.0.1:9000 --region ap-guangzhou
`;

export const CONFIG_HELP = `
Sources, first found wins: flags, environment, the project's config file (.kmsrc*, .config/kmsrc*
or "kms" in package.json, searched upward), the user's file ($XDG_CONFIG_HOME/kms/config.json or
.yaml, default ~/.config/kms/), tccli's ~/.tccli/<profile>.credential and .configure, the SDKs'
~/.tencentcloud/credentials. Credentials are taken whole from one source.

Examples:
  $ kms config
  $ kms config --profile prod --json | jq .settings.region
`;

export const COMPLETION_HELP = `
Install:
  bash  source <(kms completion bash)
        (or save it as ~/.local/share/bash-completion/completions/kms)
  zsh   kms completion zsh > "\${fpath[1]}/_kms"   (then start a new shell)
  fish  kms completion fish > ~/.config/fish/completions/kms.fish
`;

export const IMPORT_HELP = `
The material is read into memory only, wrapped with a one-time RSA-2048 key from
GetParametersForImport, and its buffer zeroed once wrapped. It must be 32 bytes (256 bits) in
FIPS regions or 16 bytes (128 bits) in SM regions.

Examples:
  $ openssl rand 32 > material.bin
  $ kms create-key --alias byok --type external --key-material material.bin
  $ kms import-key-material --key-id 1234abcd-... --key-material material.bin
`;
