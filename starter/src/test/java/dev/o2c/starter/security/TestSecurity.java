package dev.o2c.starter.security;

import dev.o2c.starter.codec.CodecCors;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/** For web slice tests: the starter's real security rules and CORS, and an admin's token by default. */
@TestConfiguration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, TokenDecoder.class, CodecCors.class, AdminTokenByDefault.class})
public class TestSecurity {}
