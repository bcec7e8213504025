/**
 * The `client` block of a config that reads the emulator: its base URL and the OAuth2 client-credentials grant, with
 * the client id and secret looked up as the secrets `client_id` and `client_secret`.
 */
export function emulatorClient(baseUrl: string) {
  return {
    base_url: baseUrl,
    auth: {
      type: 'oauth2',
      client_id: { $secret: 'client_id' },
      client_secret: { $secret: 'client_secret' },
      token_url: `${baseUrl}/oauth2/token`,
    },
  };
}
