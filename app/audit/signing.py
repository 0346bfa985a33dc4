"""The checkpoint signer a deployment uses, and the verifier key that checks its checkpoints.

The key is never in Neo4j: MAPPA_AUDIT_SIGNING_KEY (or _FILE) holds a signed-note private key,
or MAPPA_AUDIT_SIGNER names a factory (`package.module:function`, called with the settings) of a
signer kept elsewhere (a KMS: the key never leaves it, the factory's object asks it to sign).
Outside production an unset key is a development key made on first use in state_dir.
"""

import importlib

from app.audit.checkpoint import KeySigner, Signer, generate_key
from app.core.errors import Invalid
from app.platform.dev_keys import made_once
from app.settings import Settings, UnsafeSettings

DEV_KEY_FILE = "audit-signing.key"


def signer(settings: Settings) -> Signer:
    """The signer of this deployment's checkpoints."""
    if settings.audit_signer:
        module, _, name = settings.audit_signer.partition(":")
        try:
            factory = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError, ValueError) as error:
            raise Invalid(f"MAPPA_AUDIT_SIGNER '{settings.audit_signer}' names no factory "
                          "(package.module:function)") from error
        made: Signer = factory(settings)
        return made
    if settings.audit_signing_key is not None:
        return KeySigner.from_key(settings.audit_signing_key.get_secret_value().strip())
    if settings.audit_signing_key_file is not None:
        return KeySigner.from_key(settings.audit_signing_key_file.read_text().strip())
    if settings.is_production:
        raise UnsafeSettings("no audit checkpoint signer: production signs with a key the "
                             "database does not hold")
    key = made_once(settings.dev_key_dir / DEV_KEY_FILE,
                    generate_key(settings.audit_origin)[0].encode)
    return KeySigner.from_key(key.decode().strip())


def verifier_key(settings: Settings) -> str:
    """The key checkpoints are checked with: MAPPA_AUDIT_VERIFIER_KEY, else the signer's."""
    return settings.audit_verifier_key or signer(settings).verifier_key
