import ipaddr from 'ipaddr.js';

// ipaddr.js tells a non-address by catching an error its parser throws: for a host name that costs an Error and
// its stack, several per indicator on the report path (canonical forms, containers, warning lists). These ask
// first what every address it accepts must look like, and ask ipaddr.js only then: the same answers, cheaper.

const FOUR_PART = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;
// Every IPv4 form ipaddr.js accepts (decimal, octal and hexadecimal parts, one to four of them) is made of these.
const IPV4_CHARS = /^[0-9a-fx.]+$/i;

/** ipaddr.IPv4.isValidFourPartDecimal, without an exception for a non-address. */
export const isFourPartDecimal = (text: string): boolean =>
  FOUR_PART.test(text) && ipaddr.IPv4.isValidFourPartDecimal(text);

/** ipaddr.isValid (IPv6, or IPv4 in any of its forms), without an exception for a host name. */
export const isIpAddress = (text: string): boolean =>
  ipaddr.IPv6.isValid(text) || (IPV4_CHARS.test(text) && ipaddr.IPv4.isValid(text));
