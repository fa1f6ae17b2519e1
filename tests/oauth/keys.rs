//! Fixed key pairs for the OAuth tests, made once with `openssl genpkey` (RSA 2048, EC P-256) and converted to
//! JWKs. TEST MATERIAL: public in this repository, trusted only by the fake orgs these tests build. Each private key
//! comes with the public JWK the tests register on a fake service app.

/// RSA, PKCS#8 PEM (`BEGIN PRIVATE KEY`).
pub const RSA_PKCS8: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCnnsyghNoq1XVU\n\
5iffE9gftVZiiH6RISxZsgxalnuv8nuiI+Z0DMNL4208bZwz3BR9TShILSbaYx7J\n\
t3rbX3Kr+ea2IEc8YaZvzHc8k0L9YsZ917LtYXIbsD6NXT58JzvPV1XaBqYzlF6D\n\
R8iXN5ry4CsjAAPdGyHaoTNXpYic1ZiFbxyx/aG9O8utpLQvxu4kBZsr9Nx1XWDN\n\
rGaH3h8aMyIcy0P3zY/Vg3iLglig0LyloYbGtURmZqDwToBaTfJ3En7SdZDJKeXj\n\
7pJg6swTvV+tTxxLldCYdWPjHsdq39U7enmGvQtuR08Naro/c//ACQXFB98GMVb6\n\
b5j1Bgb5AgMBAAECggEAUYj+UqqtER7qRxT5mhqmC66CycVJg8EWOL9SIRKIMesK\n\
1rEN3a+DpDuJnFZZICTS1qychpdoCd0jUc3tdh50wlD6N+d1n1qEwmc8LPwZHvZY\n\
RUiSIcQ/5FYT52HPDkdrYY1DFp4bZIWsf8GAQoZq2e/PK+RK/NfA3P+C4QSFcnvu\n\
ZXTp7Hpo4m7v6J5eohTMS2GbuRYehXtiaoP+6ijqaB3jO2sCs3e75zHCyVSnk5xs\n\
exUVM9pX53ski/hCGVfPKqN+tnlb0T6TC5SCzklveDCeb+ddcbh/ugEWdVhExT0V\n\
hOYysyk7tWmf60awUqmdqReKoExrr/usRxkEQBXZvQKBgQDV/Bhz+J2rbMn7LDxj\n\
vC2cd8AkvuPqBFEsrJoq2QLmjRuIQI+yn9VnneWQbv2oWDds3Ocv9XTe/ng5WOhk\n\
5x908Nu7YuGfim5bCfXyNlQJM1gC75XDkyi8poECmX1gGn1DJBpLY4c/VAkZWLrj\n\
1W6/ziAjG9rXEG2Fy3DIyJQMCwKBgQDIiDQoVut+r+k3GNNnulvoZsTxnUH3sEmc\n\
1oGH0VLy97/HNI6FPO+Hjefh73C50k/E0pWrkgQdNuOzMDfgOJ3scbDnBtRJjuN3\n\
j6+UDuX1aiXq152RFbkriMhMMkfGlxf0V8wtAJubdybSnKWohI2mpcvZkFBCqrG0\n\
4N2WuTuXiwKBgQCrK2VEH3PAVN2dFd2YykaSCxigTDJ0V8+3NLp92+n+EpIbg8lu\n\
0Xwbzqp7xs0RhL+RTYOBUY+TcWsqNHxxepAnMyQR2R8yR8HPAUDD58GBOpkEgDIE\n\
qArGHUrFkZJA9e+Nbau68nqVpdtBc0DMT0awF2qNqxJ7RqDVjc9CTXBf0QKBgQCL\n\
K5PfJyu6uYUGWvFk/L4KVUB7WqNMrgj4kxpEUy7ZNr3fF4eNypOGJSL393/pRp9b\n\
vrZm4yh9yflPA7jToRdg4Cpgu6ma/1K4SH0XKRvJLYjxKgDNjyD6qKwxzXdoyLW0\n\
OzaVSOW1iITmCBckFBJmxIvsCy7YhbRdDu5aS2WjLwKBgBhoV+ZQbIjMv4IKM6eM\n\
s86V98NE99js5scQomvW/IWQvFdUYYavTcR69dE3Ft2i1Y87111k3eit1hv/J0f0\n\
oYZD8z3yDc1NNGR0U6Xx4T8lN0jg/nQaN/sDsHqMTrDv+yNJL5/mHChLnLUDaBY7\n\
qgND+euPqXT1eUyTPb0LG2a6\n\
-----END PRIVATE KEY-----\n";

/// The public JWK of [`RSA_PKCS8`].
pub const RSA_PKCS8_PUBLIC: &str = r#"{"kty":"RSA","e":"AQAB","n":"p57MoITaKtV1VOYn3xPYH7VWYoh-kSEsWbIMWpZ7r_J7oiPmdAzDS-NtPG2cM9wUfU0oSC0m2mMeybd6219yq_nmtiBHPGGmb8x3PJNC_WLGfdey7WFyG7A-jV0-fCc7z1dV2gamM5Reg0fIlzea8uArIwAD3Rsh2qEzV6WInNWYhW8csf2hvTvLraS0L8buJAWbK_TcdV1gzaxmh94fGjMiHMtD982P1YN4i4JYoNC8paGGxrVEZmag8E6AWk3ydxJ-0nWQySnl4-6SYOrME71frU8cS5XQmHVj4x7Hat_VO3p5hr0LbkdPDWq6P3P_wAkFxQffBjFW-m-Y9QYG-Q"}"#;

/// RSA, PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`).
pub const RSA_PKCS1: &str = "\
-----BEGIN RSA PRIVATE KEY-----\n\
MIIEowIBAAKCAQEAq+6DkPE1IoGZJ1x9C+jzMNrc102x5vwwn9kbHO5snCW35INn\n\
EjoTlEpvLiMalLkAvDVJBGPgzSaMZ9bdDWNsvtDMNtZGMb1xnByIQadLoNjfMN+W\n\
L9C4Bj420FsZH1tIxVPEYqug74RdO2P+oR0CetOi6cqkVPGHvSXZfCSPJe9ny7A7\n\
KsG+rq28Fh7UVaiWwTH9R6VfhEF48h4ZJOAvTCY+isGgg0K/40uKpfqzRVzSA0o3\n\
eIUU8mbos/4r+Za3tNmdpK/4fWJQ07OQQK08KjLJ97NHqC7Y+7+DS8+wGji1fgSy\n\
oT9uLCDPe4ATijpAwfogRN5S9MGtDo3n6l7+KwIDAQABAoIBAAkZxfMNIX/jFkVE\n\
GwZfXUgPvbLT1P/iB3zelBXS9QLK6FH7NqB7XH/z9LCfgQ+wPz63H1dRJhwV10bD\n\
082anq33BWg9rVeCrJnT1M6M2W75K889doivZp5F+sbKm6jSPybayUFjzk//VKQJ\n\
JfhHPdNcknoHlO0+H64+a6WrlbwvOoLxaheP7GcaBEm/EJ7PPy9UVcAiSFgvDl8F\n\
Js2HAvl+v3lDYR6/FNR9D8h1ezZ8M8S6FQG6vxCo3CR3rRvgWCjI2q53frOm/N84\n\
9fiXh3x0JlfVrY7i/rgmhh4zjnd9kvdFL6zbRZewfKFlziWfcJWaBdsvHVerPdGu\n\
+QIV6PkCgYEA8dbkOLgDthTx0Rd1757vFQnkLnfTbrO9acwoGfR6xrlzEW9aARXP\n\
/TnPbsW/1Ji02ItWmEKMR1kXS6fiElyl7rp2RlwKQDl8YcJ3E2K079Pg4eBvZdx0\n\
9bSMzfp3CqIPtYwa82t7ngX6uzkvJbaL1ZgszZkU+H1o3xnMnBumfj8CgYEAtf+5\n\
aQbsrPGFWoTLssNHo56w/AOyUgs6cXCH1O1nEZp4EUjys2rG2Imc2r+9cKV3nnuU\n\
Jh/syhm474cRbkpnFAUDhMriluX6aRx3NymTCy0YNnbBmivqeZc/0wEUaLs89wbv\n\
EHTwR3sVJ/iilN7a5xCE0i0Ug12Mf/VvQdc2nRUCgYEAt2gHcNRtTBuaQL6QHIfm\n\
PYhg2rTZTm1VyvSfvP9iVW+zSpeuJICMWjkLjbC/CNY+4LLbm2FszXdNaX0KwG4v\n\
EVur8zQ+OfLe160JbVRAcFm5hNQW56NHuEeTOWsn+JJrY327urva5j8WpgJ6NRm5\n\
9uUPpWThOIqzi+8e840suTUCgYB8vTbhC0PwDOFvdxD+BuX0+PEo6Yewv81grtYK\n\
VGSOJichAbSG0CpVg4wkScKXkHF6CA00TDFJG3Qrh5Gk3A3mJMGSpFPFRP7qR/5V\n\
qoMD5/Zubdqnxm3AxK+T+Wt5lMtmLDRyPRPqiiun57vW+R9ju2itfQRQPS/tC9Uj\n\
dVQTOQKBgHt8r5XHhV1gABwNdje6sxOjG6H3tZe5hQAckllr0rBu1z6xnZ5z18tg\n\
K3YsV8QjNPcR9zmIFh1TqER8yzLoiKX/JBFT/OAxlWuz80NbV1BJAsYayMIK8SHa\n\
Y/GAshvsGZDtdpXzBfuEGiQ6WeedPkjLQ6XCFDizvpHv5vOwi9i/\n\
-----END RSA PRIVATE KEY-----\n";

/// The public JWK of [`RSA_PKCS1`].
pub const RSA_PKCS1_PUBLIC: &str = r#"{"kty":"RSA","e":"AQAB","n":"q-6DkPE1IoGZJ1x9C-jzMNrc102x5vwwn9kbHO5snCW35INnEjoTlEpvLiMalLkAvDVJBGPgzSaMZ9bdDWNsvtDMNtZGMb1xnByIQadLoNjfMN-WL9C4Bj420FsZH1tIxVPEYqug74RdO2P-oR0CetOi6cqkVPGHvSXZfCSPJe9ny7A7KsG-rq28Fh7UVaiWwTH9R6VfhEF48h4ZJOAvTCY-isGgg0K_40uKpfqzRVzSA0o3eIUU8mbos_4r-Za3tNmdpK_4fWJQ07OQQK08KjLJ97NHqC7Y-7-DS8-wGji1fgSyoT9uLCDPe4ATijpAwfogRN5S9MGtDo3n6l7-Kw"}"#;

/// EC P-256, PKCS#8 PEM.
pub const EC_PKCS8: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgyP9AWPgMZ38av6IK\n\
xA5AuKL0aOOdwcQE59iYWFewajuhRANCAAQrCP7CEherIa6oUcHXBbFyjkEE4YnU\n\
ZIkIiULtnpANShQ8Zj4zfNMtFPXnk0fa1xYPbhZQtfYGdf/bdNwIeRSB\n\
-----END PRIVATE KEY-----\n";

/// The public JWK of [`EC_PKCS8`].
pub const EC_PKCS8_PUBLIC: &str = r#"{"kty":"EC","crv":"P-256","x":"Kwj-whIXqyGuqFHB1wWxco5BBOGJ1GSJCIlC7Z6QDUo","y":"FDxmPjN80y0U9eeTR9rXFg9uFlC19gZ1_9t03Ah5FIE"}"#;

/// RSA, as a private JWK with its `kid` (as the Okta Admin Console generates one).
pub const RSA_JWK: &str = r#"{"kty":"RSA","e":"AQAB","n":"nGF5aUMnVH_t2XSEne4Fn1hTfmHWxzxs4nkcwCUogduWC9Z0Kxl9tnZ-ZEegqA1Dzxe3tiledCtTJUGhw4ZGrPysSHQ1CNnZnDWGotuP3-mPqB5muklU_dhQkyD7avaJroMZ1N3_tf7j4H38LzyXo1Or7Sw2BVTAIBjEStlfNWOzKNRpAN-WTKu0bBV4xky_PSXEUpB93FT4bP_zoKwZxzMXV0CvjBQbcWPxwPMw_DSkvcdptM71s9TLq8pszmFfr0jVgD3BbHPhR9JK7O7pOY-ZELIYv0O8Ryc9vjotD4Yk76JvLTgPDpIoo9kcRs_-cLdP5kpIdRncCFFjo7FysQ","d":"FO0HO-J4VhqbV5y7rU1_U5wUaiZKARWxJVobEow2YDAj4zgiiezqkVrIXX9nPG2v-_uawgXFpapxgRwH-zvR486Y-EYSnblXIQvZlRvn5AjjSBYvXXC4LpK-b327nwvYDzHsaDt_vxkZYb5CG4kSapDlAgMHRI3besANrk1pq-FSsDUIOIxQghWK7qOVXurcJRPUcEJjZ7l2bCWMRvTgCxNaEjZw4yp1LSGebsF9h_Wzc6voQz5Zkz2C1emcEAl-vaBNVNRm64aNCir9996-DVKyMJ7R3KP6Jymk9uzTUlbFj7Y2gZldrYIqBHYmXuOslvGO83sR48ztv3XjJiK_xQ","p":"z1YJSrRKmst55W_4g1R6Lj89qzyhfWEQO5BykKZ-qDvK8dHWFfNCUsXfq-3v7IjP2fu8B6X1ZoHPfYEHgFx0OnQu0gIP1kbdwaRhmU2EiFDfM9sbI9pOtkAICgPl4bD67IuwryvSW3DslFoc-dUj4NmU0fgS31wCttVPAydTXk0","q":"wRW-k1TzlvN4M-iEndsyO0nCxskfMvql_c00stKPfzjbZYsBlN9FEJKfXh9SKbhnAX7MmhQ0AabTtuhRAWZqf8kwVOOL5ljTQWYm-YKcunr7J12gDNqvvn90QvxM4yE9Te8c6QRxtonhsqhpbu5nvjRawPtQvrofOPrEtQmgf_U","dp":"Ur-XvcTu8ZC7-aISoPeaO9Lpnen42b1faSZhUvHgIuyaNqD0vJX1pmtqtYek9dY0fl9F0BegNWUhlolkoQpFKP8toItKHs7xulMM0M5rUqxUKLINxuVd_MbZboXXvZeQzc-CmKb4sZ4EDcFZRyyVwSuVhadogNSMEMRZYHzVfRE","dq":"sUUOb-O5tGgZfsbGIsuhBY_F1I3IKBy5Exg4fskUV8BSpZqGvDB0DzAeQuLMo2MapuPMYtWTncSVccM-w-NMeb-zsOwsgDIi2lM4CzGgRREtzsmFbOfGHEaV7f4HdSwKRaf3SfP7lpRmc4ltKxyUgKs-exkA2-qzSbPprzCEe5U","qi":"E08qD41KkEUhR12WRttt0lWivnhUvJ6_3uB-IVUGXLsebc2QPHZcclViAMsjSzKhhFuVC4ffbHt-yxlWd2BL7jsytW-vHQYA53Kr0shp2NRIEFWJPDWaqMCjOBA9vvMPj7GD2rnz9gBhQWjn2MmTdYD_GNxsW7YAOr69Ma-rHrk","kid":"rsa-jwk-key"}"#;

/// The public JWK of [`RSA_JWK`].
pub const RSA_JWK_PUBLIC: &str = r#"{"kty":"RSA","e":"AQAB","n":"nGF5aUMnVH_t2XSEne4Fn1hTfmHWxzxs4nkcwCUogduWC9Z0Kxl9tnZ-ZEegqA1Dzxe3tiledCtTJUGhw4ZGrPysSHQ1CNnZnDWGotuP3-mPqB5muklU_dhQkyD7avaJroMZ1N3_tf7j4H38LzyXo1Or7Sw2BVTAIBjEStlfNWOzKNRpAN-WTKu0bBV4xky_PSXEUpB93FT4bP_zoKwZxzMXV0CvjBQbcWPxwPMw_DSkvcdptM71s9TLq8pszmFfr0jVgD3BbHPhR9JK7O7pOY-ZELIYv0O8Ryc9vjotD4Yk76JvLTgPDpIoo9kcRs_-cLdP5kpIdRncCFFjo7FysQ","kid":"rsa-jwk-key"}"#;

/// EC P-256, as a private JWK with its `kid`.
pub const EC_JWK: &str = r#"{"kty":"EC","crv":"P-256","x":"Mo1oiGaQ12xjjxhRsQ9ZQKq_rZWpcEXWMuIInW3N4EU","y":"l-FjWl2e9JqbPnoQXhDXc3vG3wl_r4yGRTWNU5i48pI","d":"G-ylO5T1BZDxmp14XPBjs6G-Y0UkHYCohDLNn8q0JYw","kid":"ec-jwk-key"}"#;

/// The public JWK of [`EC_JWK`].
pub const EC_JWK_PUBLIC: &str = r#"{"kty":"EC","crv":"P-256","x":"Mo1oiGaQ12xjjxhRsQ9ZQKq_rZWpcEXWMuIInW3N4EU","y":"l-FjWl2e9JqbPnoQXhDXc3vG3wl_r4yGRTWNU5i48pI","kid":"ec-jwk-key"}"#;

/// An RSA key no fake app knows (the wrong key).
pub const OTHER_RSA: &str = "\
-----BEGIN PRIVATE KEY-----\n\
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCTLIGs3nkz1m07\n\
1bE4ok0U9jZht6xIJTzsJCc4wY5aGjAK9MZKK4BA6aN7gT3bot0H5mqUKo3gGhej\n\
gnhi1Esx1frGULsfWVHJ3Y+1Lg3Y7pqPShgvpc8yIMJrXhVpU/Eaevl33RmekLux\n\
A2fnAn9rkGJKm2Vk/d4JRIW3YGb0DBkA/mfcyrj3Ixmca1rE6l/YZExjqbOkhTiy\n\
x4472BxUVihoG3CJGJL3qgQPzzcA4Ye7OhDvKC5R8mkWPOPKM5qoxSvq44Da/776\n\
Y0+8Col83QCxp1SQhQKr9AuQlyVDhhU2D2hK7DCFvCjwC1WAsEkAWCGuaZ4oQyV+\n\
COSsvyWfAgMBAAECggEADr+ViSTMQZEZ5jaeaV3+Wnzn6zf0SFCO/90JnyrqYIYi\n\
TV7FJjagxiCDtQM5FzMFcl65THrNN+l1d/nBpam/lVFrrYb2kYgqZY/R8GaalaQn\n\
kfdrYA7+KfhVc1v8yk7SqQQszsG16Ql4/Z6pQWGjMjzIVNCowwubvhMDUWKUPp12\n\
xE5Yni0rezXI7/QpiV6IuMj/5QcZh22MofZi0DqHteOURqELfhtrDohLULlgElZA\n\
QP9iv2DlWZon/V4W7VucZ5pTSpyzVGfbqYyfiylKwqz5wyNVvQ91zl7YxuBIpQRb\n\
frRTp5jMtZFoY2/mGUQ7GESRE8smxllQOUrbVBu/GQKBgQDOSh0BvXuaIv7dVJQA\n\
LBSjiPj/P4z/7xTuwEuHwZuKeoZxAS8FoWj4Y+yex0Ot7KqUBjzUnBRwoBc7l19E\n\
KSHCVhoXYrLAyw/m0raaowXluFkIuDxVouiawTRGHhpUdGQ3WxnuqNDKHfqcZYDW\n\
7dmio6iEJwAedDewTKYuRSLjlwKBgQC2o5S/gI1xaYB5uRfdqlqETaMOEhWMBrVg\n\
0/Fr+frGLzR0DmhFcII0lpxTwuA1JapAMfj6L1i09p3H6cjHADfNFqFg21+qK8Lb\n\
5pE0GjaiZ5QR2jr1PupF+N+StM8y3uFLy6WSbWh4f0GecF/UYZgXtybhUgA2L/VL\n\
f/c9jJRvOQKBgQC5YfMFUFHWZ6KgJlTGftahTANv5p2Alks6b4aw3jU4Ufmlbgni\n\
xnX92laXLb1NfISid6SM8CKSP9wBCnxrVYdoDFZwM5suFI4awbul5eDz2yHv6xkV\n\
YEwmXn/qjzzcLqis8mqwhfbz29MOX01UWPUe6nITKLU7qPcusQMaS7kZywKBgFnE\n\
xVPrB5p61J7/ju9wz9S/pClCUjzk/zl8cukzkULf6NQyUKXwys62SFgTLMhynt+2\n\
sD2oD93CaYLdMcY+IS84tFE7AiZOJBSZmz0UtU3Vwz2TGe944QVLcfhVzpGeYvYy\n\
PkteYz72rXYGndNxtKPTbdTJzTjVEafuWcNy2XJhAoGAOxvGV6MzzhLutmAgOO2z\n\
ho3P1Aznqd0KbpnAzADYvew4HSyd/9z/I0d9E+7/247Oj52Og2wztTFuezpUOd4b\n\
noGzCt7My3JCnaB/ExAtjXKJyqzEHwWVBMvpFgBS5FvYTp/oqjGQbzEt2CELlETk\n\
ZS/SoAclJ/kCZhtWU08eQzY=\n\
-----END PRIVATE KEY-----\n";
