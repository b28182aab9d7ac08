// Plain data shared by the server and the web app (which must not bundle the schema library).

/** Traffic Light Protocol 2.0 labels (FIRST), least to most restrictive. */
export const TLPS = ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT', 'TLP:RED'] as const;

/** Severity scale of an incident, lowest first. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
