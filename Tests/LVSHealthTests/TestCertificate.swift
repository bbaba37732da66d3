/// A self-signed P-256 certificate (CN lvs-health-test, valid 100 years) and its key, made once with
/// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500`. Test-only.
enum TestCertificate {
    static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBijCCATGgAwIBAgIULG+qUt+fiL/t8BsZep9Bn1tcjoQwCgYIKoZIzj0EAwIw
        GjEYMBYGA1UEAwwPbHZzLWhlYWx0aC10ZXN0MCAXDTI2MTIwNDIwNDAxN1oYDzIx
        MjYxMTEwMjA0MDE3WjAaMRgwFgYDVQQDDA9sdnMtaGVhbHRoLXRlc3QwWTATBgcq
        hkjOPQIBBggqhkjOPQMBBwNCAASdpgzx6Xsgrdv83BnWO8HftQ+xl9wVTbMquvNZ
        Q4+ir7gBv5MUbvkpbinZOUITWldY64n6fGEQUm19nnhj7nTbo1MwUTAdBgNVHQ4E
        FgQUtapBhH+bI/0P7wbeieEIRNlK1iswHwYDVR0jBBgwFoAUtapBhH+bI/0P7wbe
        ieEIRNlK1iswDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAjZb8D
        ooBN+HbhE2xLNfVVFremhFfpTs6SotdctvGwtAIgEvF85JD/dyE6CISmFPGT9H0y
        76ibqej4lqpk4TjXzm8=
        -----END CERTIFICATE-----
        """

    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQggtvgE6w6/MCJY9LW
        s7xBeJnmC4GqDh3WOn+7Ma4kEGKhRANCAASdpgzx6Xsgrdv83BnWO8HftQ+xl9wV
        TbMquvNZQ4+ir7gBv5MUbvkpbinZOUITWldY64n6fGEQUm19nnhj7nTb
        -----END PRIVATE KEY-----
        """
}
