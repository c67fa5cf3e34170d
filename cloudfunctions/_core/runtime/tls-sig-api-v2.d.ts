// The official TRTC/IM signature package ships no types: what MicroCourt calls of it. Imported by
// its file: its package.json names `main` twice, and resolvers that keep the first key find no file.
declare module 'tls-sig-api-v2/TLSSigAPIv2.js' {
  export class Api {
    constructor(sdkappid: number, key: string);
    genUserSig(userid: string, expire: number): string;
    genPrivateMapKeyWithStringRoomID(userid: string, expire: number, roomstr: string, privilegeMap: number): string;
  }
}
