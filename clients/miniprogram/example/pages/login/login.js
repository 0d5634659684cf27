// The login page, written with Component() (as a page may be) so that WeChat's miniprogram-simulate can render it.
Component({
  data: { userId: null, isNewUser: false, phone: "", error: "" },
  methods: {
    async onLogin() {
      try {
        const session = await getApp().jit.login({ register: true });
        this.setData({ userId: session.userId, isNewUser: session.isNewUser, error: "" });
      } catch (error) {
        this.setData({ error: error.code ? `${error.code}: ${error.detail}` : String(error) });
      }
    },
    async onPhoneNumber(event) {
      if (!event.detail.code) return; // the user declined
      try {
        const phone = await getApp().jit.getPhoneNumber(event.detail.code);
        this.setData({ phone: phone.phoneNumber, error: "" });
      } catch (error) {
        this.setData({ error: error.code ? `${error.code}: ${error.detail}` : String(error) });
      }
    },
  },
});
